import{m as a,n as b,o as c}from"./chunk-EYI32GKU.js";import"./chunk-I4RMUNNO.js";import"./chunk-SRFURYIZ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-SBZYMPOR.js.map
