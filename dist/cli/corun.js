// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-0e466070576fc0756e865ad7a7c9c2047f83b94d36b0a730133571da11d3ca12
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ZRZYBKIJ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
