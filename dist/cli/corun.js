// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-53dc579b55c1dd3990f4893c83c4cee4151b7d008510f6f889cd8eec36be7758
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-LJFSLEGN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
