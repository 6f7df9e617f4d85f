// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2b675ae8b642723ebe867b68879e35b2b27b8e7d7f1ee98efba12df24657505d
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-C5CBDNTV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
