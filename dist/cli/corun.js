// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-05ec7b796d08b117e8ff5fde6d618acafa75cb186fb7d2271f7a0150ed9ee58e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-XMOJGTLH.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
