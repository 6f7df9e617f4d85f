// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-0b21ae8f8471e72db022f8f47d04f914199d7dfab95c63e1096309df844ec6c0
import"./chunk-R3B3XYRE.js";import{a as e}from"./chunk-N5HHR5LP.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ITKRTQDA.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
