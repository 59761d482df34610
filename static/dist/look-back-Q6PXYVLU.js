import{m as a,n as b,o as c}from"./chunk-Z5FOELPR.js";import"./chunk-H2BWDOH4.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-Q6PXYVLU.js.map
