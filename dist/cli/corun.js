// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8ad10e073598978fb8b514ec71168c89994da8e4b505867aca1506b015aa99ff
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MWSA5NI4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
