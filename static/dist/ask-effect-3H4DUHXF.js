import{c as a,d as b,e as c}from"./chunk-MVE3FE4A.js";import"./chunk-JJNPRZLH.js";import"./chunk-GXK3A3Q6.js";import"./chunk-G5K65336.js";import"./chunk-QDS4P5PG.js";import"./chunk-7WR443UA.js";import"./chunk-CU7O2CM3.js";import"./chunk-6WL2T2G7.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-3H4DUHXF.js.map
