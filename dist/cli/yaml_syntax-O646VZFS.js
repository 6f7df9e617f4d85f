import{c as a,d as b}from"./chunk-5DQMRVWA.js";import"./chunk-ZB5Q2WAR.js";import"./chunk-BZAXMBI7.js";export{b as reservedStart,a as syntaxIssues};
