import{c as a,d as b,e as c}from"./chunk-JYPJZCVN.js";import"./chunk-L7N2ZL6Z.js";import"./chunk-TNV2Y3MC.js";import"./chunk-ENGCAPUQ.js";import"./chunk-GMQNBONL.js";import"./chunk-BTLPATXZ.js";import"./chunk-XI6I6C66.js";import"./chunk-54ZBNECJ.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-BTGI535Q.js.map
