// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a1f6c558178c58837ce5d6f8782949d4d0505ee3f940edabd4c2d484f40e6652
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2JN4FU6P.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
