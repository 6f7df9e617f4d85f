import{c as a,d as b}from"./chunk-TXI3PRZZ.js";import"./chunk-GOFVLHCS.js";import"./chunk-CM6Q5MNP.js";export{b as reservedStart,a as syntaxIssues};
