// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-4d6175aa968c686cf2cc6a095b17b36656f383155e471e4a878053bd39e389b4
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-PBOITDB7.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
