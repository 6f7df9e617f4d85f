// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c1e2ed7f9642a343aba37087f09fa13915a50ba004f35854c37318fec1a53654
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-L4N42G7G.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
