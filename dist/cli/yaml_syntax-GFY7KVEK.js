import{c as a,d as b}from"./chunk-PE3XTXNW.js";import"./chunk-B5JHJMMY.js";import"./chunk-FN6KH53W.js";export{b as reservedStart,a as syntaxIssues};
