// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c22c1b2e08dfa9ba9b6a537594d2a2236b1dd75cf5435a4d85c8a8e62e9d612f
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GC4VTSN3.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
