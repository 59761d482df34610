import{g as a,h as b}from"./chunk-EU24SK3T.js";import"./chunk-3XIA7NAW.js";import"./chunk-WVDBD4NP.js";import"./chunk-FYFYQ4FE.js";import"./chunk-GMQNBONL.js";import"./chunk-KUMLWI64.js";import"./chunk-VWYUVOV6.js";import"./chunk-54ZBNECJ.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-2YFZ7HEQ.js.map
