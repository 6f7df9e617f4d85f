// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5ddb560fdbbb0c308a22a1e59f995ddbfab4d14e3acb50142e8151f79d177508
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MFMUNLEP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
