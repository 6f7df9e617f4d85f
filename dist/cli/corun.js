// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-16105cdc5188566a26764505f6c762d25164b5ad482760d0205134b02b6904df
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-UTPKOLPJ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
