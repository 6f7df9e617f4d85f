// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-36f3b65d980bce20f00ac9609b2db42c683a4d102e1338bc2647973782885d12
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-3MVVORVY.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
