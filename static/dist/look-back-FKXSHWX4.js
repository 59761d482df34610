import{m as a,n as b,o as c}from"./chunk-W62BUFAL.js";import"./chunk-BB3KTUI6.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-FKXSHWX4.js.map
