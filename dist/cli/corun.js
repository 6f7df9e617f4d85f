// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ac7b810b9d5f562fac5eb8faa9c87fce989a841c3cfc9d611e88a13947c0ed4a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DOIQNBQP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
