// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8067113d12415f6c9ab79d9b0a97da688e3727b231372768f5daa18ff2a1eaab
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-FDHH6ICM.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
