// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-586b02c3b520edd5a46ce40baef8bcfde5ea4c8a0ea55fcb0e36a26d19c96f66
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-EI3746PS.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
