import{m as a,n as b,o as c}from"./chunk-VDM4EA5F.js";import"./chunk-645JUF6W.js";import"./chunk-XN7QJRB6.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-J26ODPCS.js.map
