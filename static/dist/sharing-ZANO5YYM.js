import{g as a,h as b}from"./chunk-Y7JVQM7C.js";import"./chunk-ZIOOVUPB.js";import"./chunk-MJRISE76.js";import"./chunk-R6FQUJHP.js";import"./chunk-M5D7T2D6.js";import"./chunk-Y7SPCGFU.js";import"./chunk-CAOZB6QM.js";import"./chunk-MC5TTXPW.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-ZANO5YYM.js.map
