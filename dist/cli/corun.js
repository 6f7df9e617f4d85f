// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-7198992b0a66fb227801473b2731bdb5ad4a90d7164f3e778c77081785409869
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-NE42BFO5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
