// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-bd53183a521108d4fdc14149d5421a9432020bb3a3c33f5b29983fc9eb8d9c57
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-I2WH5GXV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
