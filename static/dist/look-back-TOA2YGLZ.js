import{m as a,n as b,o as c}from"./chunk-QE3QXU6D.js";import"./chunk-N57T7KQW.js";import"./chunk-N5DTJJRI.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-TOA2YGLZ.js.map
