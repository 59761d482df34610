import{m as a,n as b,o as c}from"./chunk-YRPNCRAZ.js";import"./chunk-F4MNXYMO.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-TMRPGMS7.js.map
