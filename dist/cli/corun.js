// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b6b333918626ad8471819892761762b035213907c60cc5f47f02fdbf4884d95b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-X7WOEH4H.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
