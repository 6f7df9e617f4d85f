// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-82cfce262a9e70364e0319907f92821ec4c37d6ce4be7ab6321f2dcc57a07d6a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2ADARYZL.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
