import{m as a,n as b,o as c}from"./chunk-P3AA6XBY.js";import"./chunk-5NPX6VMU.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-YRPAJGVF.js.map
