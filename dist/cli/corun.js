// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a91fb662eee802ea6a009233a78297f491205fee589220657266f93d0d61b810
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-WOI7EEJL.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
