// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-25f1f5b759e6fce6922b2ffd2aa04da8706b13cf63d6cfb739fd01b003a26d14
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-62FIQSRZ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
