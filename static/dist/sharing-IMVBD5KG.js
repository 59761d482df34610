import{g as a,h as b}from"./chunk-E7Q2EGYY.js";import"./chunk-HC2KLFLN.js";import"./chunk-GXK3A3Q6.js";import"./chunk-G5K65336.js";import"./chunk-QDS4P5PG.js";import"./chunk-7WR443UA.js";import"./chunk-CU7O2CM3.js";import"./chunk-6WL2T2G7.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-IMVBD5KG.js.map
