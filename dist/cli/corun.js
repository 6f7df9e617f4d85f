// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-78656bfaabca5e6165e0840f428039c3c15d5cad562ae6fd14e58bb3345a1108
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-VQZHAX6W.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
