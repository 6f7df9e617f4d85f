// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2dc5bd538c28e3dbf7fb0582f738e906a8590e1b6fec9a2c09e84858c6451ef0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-LKMX252O.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
