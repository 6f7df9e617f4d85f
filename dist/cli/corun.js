// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-de277a96e01f1a7caea1d2273f55f06e13944dff2e02d4610797dad0d8343abb
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ZOFTEPXO.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
