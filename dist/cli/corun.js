// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-1beba6b24c37752e1993a78b02173351bc318bdb5264f1daaa6d04dc7547b34b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-57A7CNMQ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
