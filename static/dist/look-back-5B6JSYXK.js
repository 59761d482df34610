import{m as a,n as b,o as c}from"./chunk-MFYXWT5R.js";import"./chunk-DHHMWRP6.js";import"./chunk-U6B6DW64.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-5B6JSYXK.js.map
