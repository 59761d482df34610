import{c as a,d as b,e as c}from"./chunk-L22CAMMD.js";import"./chunk-PYI6GZFD.js";import"./chunk-WVDBD4NP.js";import"./chunk-FYFYQ4FE.js";import"./chunk-GMQNBONL.js";import"./chunk-KUMLWI64.js";import"./chunk-VWYUVOV6.js";import"./chunk-54ZBNECJ.js";export{a as askAfterHours,b as setAskAfterHours,c as watchDoseQuestions};
//# sourceMappingURL=ask-effect-GYDCTVTL.js.map
