// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-23392023792d75e1aec49d6ec9f35ee8741ecafc6d491a73f39afc56b1cc362c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OKANPFMO.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
