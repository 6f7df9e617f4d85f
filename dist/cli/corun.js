// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-6942a0c3d511c6b09c5e83e9d91428aba37fdca5d2cc236a52768d029323eb73
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-WUSV3D3Z.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
