import{m as a,n as b,o as c}from"./chunk-2WTAM6HI.js";import"./chunk-JRQA3BZM.js";import"./chunk-N5DTJJRI.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-TVSLQSQS.js.map
