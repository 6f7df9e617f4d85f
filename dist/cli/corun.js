// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f6dbf63b5db9b241f0c52c154b311c1aa3752b582b1d8918709b1c8f12375cdf
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-FDS5KEJP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
