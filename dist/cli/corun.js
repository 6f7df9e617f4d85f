// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d43e2c0c18c8502ee0d760fb496e8333a7f42a8b6e47d4daa4f5356152bd5c95
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-LKMSISBV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
