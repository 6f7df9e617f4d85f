// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ca4a0455d001bf185d016baecc73f96e65a44c0973699c8c15496faea49ad68b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-3YRUWOOE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
