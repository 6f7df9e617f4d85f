// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e303a7af19f45d4040832cc8c3b0afc04f5a9cbcf655ca538a7aa1fe107196db
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-UVFSWKEG.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
