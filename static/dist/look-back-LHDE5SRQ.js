import{m as a,n as b,o as c}from"./chunk-5KZO4FUE.js";import"./chunk-5EJP3MBY.js";import"./chunk-N5DTJJRI.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-LHDE5SRQ.js.map
