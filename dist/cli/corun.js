// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a6ff2ca8a844cf3addf600cddfb7901f9c2c0acb794683fb3d38baf960022ec7
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-IXRTJVAJ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
