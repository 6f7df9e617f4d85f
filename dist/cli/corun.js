// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f04925cf28496ef6bcf077d1a1b5354521d2476dde545532d238524355517474
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DFXS2G2L.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
