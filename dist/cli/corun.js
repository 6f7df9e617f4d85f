// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-4e2a48e88b09c817c55ed8769680a87371454b8d17969ae3ad8a9808eac2a26e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-5FHOVLPO.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
