// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ea86a66712344aca1daca0103adb20081e160a5975ef0c01d2678d909e6f6c28
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-5B7ATXER.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
