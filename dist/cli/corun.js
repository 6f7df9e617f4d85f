// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-acffe66c58fa752918cdb7c7efcbcc2614395955f4cf0ff5b4f3113e4128c1c7
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DWFY7CV3.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
