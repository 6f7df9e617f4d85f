// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b6b50d1c9fdbc54da3e75e286ec4807679e17424ef1875490160cd2b0f2fb980
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-RSN2FVS4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
