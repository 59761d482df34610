import{m as a,n as b,o as c}from"./chunk-RWBETMH3.js";import"./chunk-APH2HNFD.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-EEXNSYBO.js.map
