// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-955826330ff1ffc3e98d1dd58a0a548c2d98edf041bffccd1dae8068b92942a5
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OIZOWLEN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
