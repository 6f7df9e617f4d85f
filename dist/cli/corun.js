// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-7a3ceeb289179962c2dfa10a40c63ed7a7e070d871377fd908efbbf12e6d703c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TNP4OM6F.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
