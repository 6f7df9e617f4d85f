// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f0508a5b6fb27c723dbae5a53f1ca054e1906c5577a8f008ef6ebbd0995615fd
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GNHN67BQ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
