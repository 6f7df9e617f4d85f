// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-008b0f8945b73c85badd30a079140f1d5286b7fb6bf3ee956b77ed5d84c85727
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-IF4WJ5U7.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
