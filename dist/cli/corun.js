// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5442a02b43fe69addab51521f4460d3f6fe3aee1d69995a87376c4f9c4717ec9
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-B7RWMASC.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
