// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-53fdc49af96e82be004c56c83c9359429b3439c31ca42e1ecde28fd5ddc3e685
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-CXNM3AJ5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
