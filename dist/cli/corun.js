// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d0d17af0bc654d2cee3145c163ddfb400f5eda70c721233a25155b2adf436dc0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-RKL2P2A7.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
