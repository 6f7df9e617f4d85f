// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-db173b0d2f190f5d0cf9d43348e00734290065cb7c8a07123bacd91a4fe759fb
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MLYUCJ2C.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
