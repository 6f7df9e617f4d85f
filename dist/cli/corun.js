// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ff449262514524c00284d5853be2ffcc43ce280c8ffd49c157144a7b5d41cd05
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-PKU3CNHA.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
