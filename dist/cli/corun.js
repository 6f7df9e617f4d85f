// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8618508f6b0dfbcf45183352a48faeab4d2859acd299f2c884ad25cda0a3e15e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YA3BXUF3.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
