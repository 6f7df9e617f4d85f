// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f0be7d7f1fa53fdffde70a5d2266407d8ac1d8a5fd901b3c01f7d64d24e8c4e2
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TSFEFW6M.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
