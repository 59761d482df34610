import{m as a,n as b,o as c}from"./chunk-5APEV7ID.js";import"./chunk-U5CP3CFB.js";import"./chunk-54ZBNECJ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-PMUROGD5.js.map
