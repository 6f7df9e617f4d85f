// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-47ae3d31796d981ac11b0d196866bb113e4b52122776b9e1c2ce3f8245c660ca
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TLFFO34Y.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
