import{m as a,n as b,o as c}from"./chunk-WQHOT4XE.js";import"./chunk-EPXVF5JT.js";import"./chunk-7JGBSSX3.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-E7MWQNWX.js.map
