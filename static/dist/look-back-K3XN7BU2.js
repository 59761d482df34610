import{m as a,n as b,o as c}from"./chunk-X7U3Q53J.js";import"./chunk-2BO3BHNM.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-K3XN7BU2.js.map
