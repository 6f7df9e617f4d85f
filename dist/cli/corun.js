// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-1fcfcbb3cbdd370d4d0c710409d341ef3e97ff7a30c2ff0d67ffaf3721d8a756
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-UTPKOLPJ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
