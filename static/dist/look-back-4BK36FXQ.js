import{m as a,n as b,o as c}from"./chunk-TYGEMT3W.js";import"./chunk-RHKANA54.js";import"./chunk-N5DTJJRI.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-4BK36FXQ.js.map
