// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-943571cd6d4f28835877f16fbaa029b1b9e5fb681d37ac934d5137061a2aad27
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6GK56QGP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
