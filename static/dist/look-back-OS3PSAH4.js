import{m as a,n as b,o as c}from"./chunk-KL2VVC7W.js";import"./chunk-HQSAIFNE.js";import"./chunk-MC5TTXPW.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-OS3PSAH4.js.map
