import{c as a,d as b,e as c}from"./chunk-O5LQBXWJ.js";import"./chunk-5W36Q6ZF.js";import"./chunk-YMH4OGGU.js";import"./chunk-6BYE74HN.js";import"./chunk-GMQNBONL.js";import"./chunk-BTLPATXZ.js";import"./chunk-U5CP3CFB.js";import"./chunk-54ZBNECJ.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-FDOFYD5O.js.map
