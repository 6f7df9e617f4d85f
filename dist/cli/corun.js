// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d09628a3de341ed0c05712644b72ba8c96b8dec3bd639ba39bee75cabada5027
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-SAYDFHUK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
