// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-28d08d1be730e4141f06b91226f8f580506137f16a82d8fcd0692ac9123ad61f
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-E3HGQJ6Y.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
