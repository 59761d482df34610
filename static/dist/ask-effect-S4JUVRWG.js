import{c as a,d as b,e as c}from"./chunk-CIXXGD6I.js";import"./chunk-XUVYWHZW.js";import"./chunk-6UTAQ2F2.js";import"./chunk-TPPCBYNK.js";import"./chunk-EEKOGNUM.js";import"./chunk-BSFVVDU6.js";import"./chunk-KMSH4EOT.js";import"./chunk-3G76NKBQ.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-S4JUVRWG.js.map
