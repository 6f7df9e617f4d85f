// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-73c175f0aa4b53f19dba518878563c1827000a4fbb6c972862dcc00679947696
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GMKQA6CV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
