import{m as a,n as b,o as c}from"./chunk-BJORP34W.js";import"./chunk-CAOZB6QM.js";import"./chunk-MC5TTXPW.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-KE3NBP4N.js.map
