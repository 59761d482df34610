import{g as a,h as b}from"./chunk-VL7QYMRZ.js";import"./chunk-SNE7GMSG.js";import"./chunk-QKOM47JO.js";import"./chunk-PZXXUQBQ.js";import"./chunk-GMQNBONL.js";import"./chunk-OOVXJMA2.js";import"./chunk-TH5GYHH3.js";import"./chunk-54ZBNECJ.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-WQ6A6VKM.js.map
