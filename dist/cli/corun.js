// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-1229acdf3a4d3a371951d8d4314783fb73f6da9775bbe4d2ca2d6439454c1335
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OZZIR6JH.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
