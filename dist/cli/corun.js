// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-0df64e793437ae25db450152e8a477749ae656ffe5ac746ade15933ae7936ba6
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-CPT32I5S.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
