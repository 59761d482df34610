import{m as a,n as b,o as c}from"./chunk-YINONCEB.js";import"./chunk-YG3B4ZAA.js";import"./chunk-MC5TTXPW.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-46T3EMTH.js.map
