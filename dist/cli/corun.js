// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-280075d1da6c155d4524a5bb304bb437c5894cfcf602afc5b325adcc6f19b823
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-CQZGY3G2.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
