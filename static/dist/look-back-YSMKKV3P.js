import{m as a,n as b,o as c}from"./chunk-BEXPXEGU.js";import"./chunk-4MNU2FHE.js";import"./chunk-3G76NKBQ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-YSMKKV3P.js.map
