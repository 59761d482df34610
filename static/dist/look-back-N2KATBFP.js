import{m as a,n as b,o as c}from"./chunk-HE3RDJ7D.js";import"./chunk-43KITTWY.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-N2KATBFP.js.map
