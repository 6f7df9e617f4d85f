// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-6a8a5d1e850e039280400c491cc20efaba608493cec03409feb1b39e4e9457af
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-BROLV6BB.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
