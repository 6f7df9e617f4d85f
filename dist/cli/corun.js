// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-633a1a5503092ca2faa3fe5ead9c255da22479afa555581177511523066b9f30
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2LXT47H4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
