// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-60e1a9c31198fb2917ddc5676253d9ae771b97aa7043788edce8866b645d57af
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2B4SR2RV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
