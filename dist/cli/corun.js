// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-cfa12dd0dd7774040f8598e77d0be7b2cfce2fbc2adf7b03d9fdf9e7964c0001
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YQRNL6WN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
