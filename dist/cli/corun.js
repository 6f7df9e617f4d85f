// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a3472e9c411d1e3836ea26658adebd02942cdf9e6b7900cf991da773a94eb773
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-H7DKHED6.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
