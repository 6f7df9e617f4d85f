// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f9b535a051c4f3a0b796b6d15beef29f163e0653f1058e8553c3300078cb22df
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-UZD24MGW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
