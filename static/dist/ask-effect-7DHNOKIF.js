import{c as a,d as b,e as c}from"./chunk-IEXAODC5.js";import"./chunk-GXDKGNR7.js";import"./chunk-ZAWSEEZO.js";import"./chunk-Q5BDS6LJ.js";import"./chunk-GMQNBONL.js";import"./chunk-BTLPATXZ.js";import"./chunk-TWXRAIWS.js";import"./chunk-54ZBNECJ.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-7DHNOKIF.js.map
