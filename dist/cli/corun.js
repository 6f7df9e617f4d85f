// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8c7305d80c99076369d935181219dafdf6c8419a08ee11b2631656848056d3ed
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-LWSY2QWL.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
