import{m as a,n as b,o as c}from"./chunk-KUBLBHKQ.js";import"./chunk-TWXRAIWS.js";import"./chunk-54ZBNECJ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-QH542INJ.js.map
