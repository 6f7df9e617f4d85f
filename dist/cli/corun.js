// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c2b1ac8c29715fe7b089e93f22726e85ae7f6f16815a799831b30c74cdb8093f
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2YAJSQBB.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
