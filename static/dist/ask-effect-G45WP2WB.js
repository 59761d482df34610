import{c as a,d as b,e as c}from"./chunk-CGVKBWZB.js";import"./chunk-YIJQ5PDD.js";import"./chunk-LI3SAKFB.js";import"./chunk-GERP6D26.js";import"./chunk-QDS4P5PG.js";import"./chunk-XN2KTOLR.js";import"./chunk-AKICN34C.js";import"./chunk-6WL2T2G7.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-G45WP2WB.js.map
