// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b018248c0c260fc328fa9aab1701b207dd7ba6e670f5957cf78bc707b13c3a62
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OLRL2EJE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
