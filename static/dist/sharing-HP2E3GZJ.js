import{g as a,h as b}from"./chunk-YWOAEI4X.js";import"./chunk-4HOWWS2K.js";import"./chunk-LI3SAKFB.js";import"./chunk-GERP6D26.js";import"./chunk-QDS4P5PG.js";import"./chunk-XN2KTOLR.js";import"./chunk-AKICN34C.js";import"./chunk-6WL2T2G7.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-HP2E3GZJ.js.map
