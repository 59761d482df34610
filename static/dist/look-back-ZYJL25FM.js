import{m as a,n as b,o as c}from"./chunk-4BWY7QKS.js";import"./chunk-4N4BSGJX.js";import"./chunk-SRFURYIZ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-ZYJL25FM.js.map
