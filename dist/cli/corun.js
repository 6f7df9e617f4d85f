// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-9e07539b128de4f64cbdf56b934be075d175f8ac405ecacbd3e0ac430d84d0f7
import"./chunk-R3B3XYRE.js";import{a as e}from"./chunk-N5HHR5LP.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-NIZWLDGI.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
