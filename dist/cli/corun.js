// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-89659d4ee3e07bd4b7de2a86d6061da08f8ed9bce23d6d243e12bfc6a9b452c7
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6PBIXC7G.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
