// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b71badd7a7450b216199052fc7da001c7132738ba80025f19cd3b92d3690f3fc
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MQUTZW6J.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
