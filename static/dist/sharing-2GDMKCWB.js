import{g as a,h as b}from"./chunk-QKRX7Z4I.js";import"./chunk-TTWEROTA.js";import"./chunk-YMH4OGGU.js";import"./chunk-6BYE74HN.js";import"./chunk-GMQNBONL.js";import"./chunk-BTLPATXZ.js";import"./chunk-U5CP3CFB.js";import"./chunk-54ZBNECJ.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-2GDMKCWB.js.map
