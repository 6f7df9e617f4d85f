// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-1ea585e27da6a25389a115c38481807b964dc477c4743915ccfb2c5005354a93
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-IKNI6KG7.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
