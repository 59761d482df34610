import{m as a,n as b,o as c}from"./chunk-TP2Y3TO4.js";import"./chunk-EPXVF5JT.js";import"./chunk-7JGBSSX3.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-XT4XGN5B.js.map
