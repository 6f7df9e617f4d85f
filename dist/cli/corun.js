// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-597f1b3051a079d9363f43f2f0cb78aa92e428bd867e9ac36f8ded6ad838d002
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-CAMNODNR.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
