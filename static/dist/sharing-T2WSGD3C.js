import{g as a,h as b}from"./chunk-XOVEXUJ7.js";import"./chunk-2ZBLGBXX.js";import"./chunk-FT6XTKTZ.js";import"./chunk-IW5W4B4Y.js";import"./chunk-HBJKIFXA.js";import"./chunk-BXP3FIVB.js";import"./chunk-H2BWDOH4.js";import"./chunk-VPHCE2H5.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-T2WSGD3C.js.map
