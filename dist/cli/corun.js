// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e2221adfc8251554077a1300694b9a4a343caf52dc97d664d04c7e160613d79a
import"./chunk-R3B3XYRE.js";import{a as e}from"./chunk-N5HHR5LP.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MIDHSJNZ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
