// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d23a4b5e9cea8d1d4572e7b71e765b99d61148dab187f2be2113933a0b435712
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-XXUQXTA4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
