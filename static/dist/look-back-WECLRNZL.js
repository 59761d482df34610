import{m as a,n as b,o as c}from"./chunk-5ACDCH3H.js";import"./chunk-4XK2SZUG.js";import"./chunk-3G76NKBQ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-WECLRNZL.js.map
