import{m as a,n as b,o as c}from"./chunk-VT725R4W.js";import"./chunk-32DXAIM3.js";import"./chunk-VPHCE2H5.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-XIOLOW2Y.js.map
