// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-fc9495cbeb8fa0763d4d613ec68143a1118b365aaa6d5a0fdbc25426a683ed1a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DGRBK5OY.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
