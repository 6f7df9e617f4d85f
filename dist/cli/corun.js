// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-013ec32851c8ff25316829255defad7a1c1def13a82ac8dbc7894c8c532cbd3f
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-QRHLA7GG.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
