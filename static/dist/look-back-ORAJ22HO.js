import{m as a,n as b,o as c}from"./chunk-UD7TVPXA.js";import"./chunk-KMSH4EOT.js";import"./chunk-3G76NKBQ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-ORAJ22HO.js.map
