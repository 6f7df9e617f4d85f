// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-337b11353c5ee5531ad400b08fa651e2db49c688d902c21fe4697669c2f7f3f5
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-VBO62MKY.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
