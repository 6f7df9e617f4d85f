// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f16ff3ca7e79f892196d541a587724c708ad4ff1e5dc4b666d9bd1fec3033f0b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6MDQWPJF.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
