import{g as a,h as b}from"./chunk-4GY33B4U.js";import"./chunk-HSRR2JB3.js";import"./chunk-ZAWSEEZO.js";import"./chunk-Q5BDS6LJ.js";import"./chunk-GMQNBONL.js";import"./chunk-BTLPATXZ.js";import"./chunk-TWXRAIWS.js";import"./chunk-54ZBNECJ.js";export{b as endSheet,a as sharingSection};
//# sourceMappingURL=sharing-S5Q4WMC6.js.map
