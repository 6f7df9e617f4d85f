// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-71ab1849988ea28fbf6705f1b410299b1313c45bc38c061a40870928e32ed621
import"./chunk-R3B3XYRE.js";import{a as e}from"./chunk-N5HHR5LP.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-BNJZQDGX.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
