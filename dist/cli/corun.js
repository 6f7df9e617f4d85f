// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2e0fbff886e38faa66e57204f3a40a127f14f561d69d141b65bb3d38934bbb79
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-UVFSWKEG.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
