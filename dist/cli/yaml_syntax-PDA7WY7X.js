import{c as a,d as b}from"./chunk-H6KMDRUG.js";import"./chunk-47EOM6GV.js";import"./chunk-LXI5LEF7.js";export{b as reservedStart,a as syntaxIssues};
