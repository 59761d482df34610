import{m as a,n as b,o as c}from"./chunk-TZA4PRKQ.js";import"./chunk-DC3HSTF6.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-YTACN35Y.js.map
