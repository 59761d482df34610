import{c as a,d as b,e as c}from"./chunk-XDPYSBA7.js";import"./chunk-6IEBO57R.js";import"./chunk-PGLFZH4Q.js";import"./chunk-UVUABIYA.js";import"./chunk-QDS4P5PG.js";import"./chunk-XN2KTOLR.js";import"./chunk-P2C42L4C.js";import"./chunk-6WL2T2G7.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-7VVXJVHZ.js.map
