import{m as a,n as b,o as c}from"./chunk-H5NT2T5N.js";import"./chunk-TH5GYHH3.js";import"./chunk-54ZBNECJ.js";export{c as episodeLookBack,a as figureLabel,b as lookBackTable};
//# sourceMappingURL=look-back-O4BHHYPB.js.map
