import{m as a,n as b,o as c}from"./chunk-UJ5PLXLM.js";import"./chunk-STVZ3FC5.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-QAFNYUZK.js.map
