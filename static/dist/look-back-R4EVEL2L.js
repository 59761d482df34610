import{m as a,n as b,o as c}from"./chunk-QMHDTX7W.js";import"./chunk-5IIGSKST.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-R4EVEL2L.js.map
