import{m as a,n as b,o as c}from"./chunk-KYLJ4SVZ.js";import"./chunk-GOUBNKCC.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-4UHPCNZW.js.map
