// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-3502d35644120b969f400aa5d803faf0aaa31d2fbc460b1d9363b17b0be5cf7a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-KLCDHVKK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
