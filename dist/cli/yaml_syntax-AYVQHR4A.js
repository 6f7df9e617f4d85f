import{c as a,d as b}from"./chunk-FWIQCCFK.js";import"./chunk-D5TLDIMC.js";import"./chunk-FN6KH53W.js";export{b as reservedStart,a as syntaxIssues};
