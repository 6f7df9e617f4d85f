// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-34629117ea7b8ae358a12c7d74c18766d8665213c8e681aa24653bb6879e03a0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-O7I4IGZV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
