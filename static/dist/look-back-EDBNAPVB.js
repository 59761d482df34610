import{m as a,n as b,o as c}from"./chunk-6PHM55RB.js";import"./chunk-O4IXSDE4.js";import"./chunk-XN7QJRB6.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-EDBNAPVB.js.map
