// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d90827bf28e36ddee960a80cce8069f6982f1cc1365aad49d69afd23dbd9b0da
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-FDS5KEJP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
