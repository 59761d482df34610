import{m as a,n as b,o as c}from"./chunk-LZFPHKPA.js";import"./chunk-P2C42L4C.js";import"./chunk-6WL2T2G7.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-2BT5HQ6P.js.map
