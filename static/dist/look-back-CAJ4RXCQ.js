import{m as a,n as b,o as c}from"./chunk-LJSFTMAV.js";import"./chunk-FWAF3PAR.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-CAJ4RXCQ.js.map
