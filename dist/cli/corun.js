// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-09132297d4c0fc4d7eef0448205747b986842c184f82828144cb2861400c1753
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-57MM7H2M.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
