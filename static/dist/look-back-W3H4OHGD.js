import{m as a,n as b,o as c}from"./chunk-YFT2E6YP.js";import"./chunk-CU7O2CM3.js";import"./chunk-6WL2T2G7.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-W3H4OHGD.js.map
