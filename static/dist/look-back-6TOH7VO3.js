import{m as a,n as b,o as c}from"./chunk-H4JC4H5H.js";import"./chunk-XVLHNY7U.js";import"./chunk-N5DTJJRI.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-6TOH7VO3.js.map
