import{m as a,n as b,o as c}from"./chunk-W7CWH52M.js";import"./chunk-VWYUVOV6.js";import"./chunk-54ZBNECJ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-GE3SFLVF.js.map
