// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-0ec4a6155a7e5845e9c75d01ab723e3b23bcce2360f43b330295607d7f3112ac
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TDDUXUC2.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
