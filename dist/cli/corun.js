// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-97d3eabe12581a23e43518a21d6c5c472491198e473db66360c2300767142a08
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MDU3TPI4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
