// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-594a9e00c313c3ed216fe52a1aa15cee5166c9fc321e3762aaddae887cc9b2b5
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OYIB6LL5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
