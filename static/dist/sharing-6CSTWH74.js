import{g as a,h as b}from"./chunk-BPAKXSJQ.js";import"./chunk-KO5B4UFY.js";import"./chunk-PGLFZH4Q.js";import"./chunk-UVUABIYA.js";import"./chunk-QDS4P5PG.js";import"./chunk-XN2KTOLR.js";import"./chunk-P2C42L4C.js";import"./chunk-6WL2T2G7.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-6CSTWH74.js.map
