import{m as a,n as b,o as c}from"./chunk-OAK4MILH.js";import"./chunk-KK7Z7OWM.js";import"./chunk-N5DTJJRI.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-EBTRTY53.js.map
