// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-40cbcb9a0d44d954899ab5524ee3807df98886b619440efb667a98d1e4bcbef8
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MCQH5ATR.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
