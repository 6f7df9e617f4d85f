import{c as a,d as b}from"./chunk-TQWSHUHK.js";import"./chunk-KL5FKXKN.js";import"./chunk-BZAXMBI7.js";export{b as reservedStart,a as syntaxIssues};
