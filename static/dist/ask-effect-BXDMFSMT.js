import{c as a,d as b,e as c}from"./chunk-R6JG56S2.js";import"./chunk-Z5HDBAFH.js";import"./chunk-CE4VCRRG.js";import"./chunk-C7XFDAZU.js";import"./chunk-EEKOGNUM.js";import"./chunk-BSFVVDU6.js";import"./chunk-4XK2SZUG.js";import"./chunk-3G76NKBQ.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-BXDMFSMT.js.map
