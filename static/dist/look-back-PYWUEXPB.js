import{m as a,n as b,o as c}from"./chunk-X5W6PTMW.js";import"./chunk-AKICN34C.js";import"./chunk-6WL2T2G7.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-PYWUEXPB.js.map
