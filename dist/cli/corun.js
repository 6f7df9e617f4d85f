// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-fee1b6312effca3676e2e008b3dc35d5fd05a702a8cef9540e7a16c3af73ae4e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GUEAMRG2.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
