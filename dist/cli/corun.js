// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e18150edaeb5f0e0313ca817bee1e2107d92bd1d6e7bce4cf9f478d73312fa4c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DAPIOVQC.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
