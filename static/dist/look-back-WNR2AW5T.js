import{m as a,n as b,o as c}from"./chunk-A6HQYIWM.js";import"./chunk-XI6I6C66.js";import"./chunk-54ZBNECJ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-WNR2AW5T.js.map
