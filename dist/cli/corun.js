// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-786329bb918233416c8f2f7df210bdbd354deb21efb9dc9a0cbae712a82ec7f1
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YSDNAXTQ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
