// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-953119b26391ea9f4611d6ebd30290f4df1565298b7bff560703ac867f73b31a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-E3NGCYQ4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
