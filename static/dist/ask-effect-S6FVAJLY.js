import{c as a,d as b,e as c}from"./chunk-4WLBSCDR.js";import"./chunk-AILHQ27X.js";import"./chunk-QKOM47JO.js";import"./chunk-PZXXUQBQ.js";import"./chunk-GMQNBONL.js";import"./chunk-OOVXJMA2.js";import"./chunk-TH5GYHH3.js";import"./chunk-54ZBNECJ.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-S6FVAJLY.js.map
