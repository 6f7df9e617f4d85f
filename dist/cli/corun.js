// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-4316c470635696c2a07ed6c7842106f4f46b4e37e0054e418cf88a03e4f04ce4
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-3OLLGLXQ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
