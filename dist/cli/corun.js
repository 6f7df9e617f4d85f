// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f647c489109180932e0ce2c7a03c4c74525c79b5df783197a1e98875ad695c37
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-4LFQZJHU.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
