// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e1b59860e6224a3c63fc4667e36d4bb9c320cda6eac9024b58de49ce27d4a41a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GSLRDXOH.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
