// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-18fcf93d1a1756dbc7f8d5addb7f6f91f7a5ad058de5d2724a78588028fd8272
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-KFP3OBOH.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
