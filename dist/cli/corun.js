// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-9953b334bd348a6c5dba52179e02ebd89c2323a498b7ed19081d3a0476c7d8c8
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-PQPEPWTW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
