import{g as a,h as b}from"./chunk-HBIJIJFT.js";import"./chunk-GBLATITY.js";import"./chunk-TNV2Y3MC.js";import"./chunk-ENGCAPUQ.js";import"./chunk-GMQNBONL.js";import"./chunk-BTLPATXZ.js";import"./chunk-XI6I6C66.js";import"./chunk-54ZBNECJ.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-DD5QIDX2.js.map
