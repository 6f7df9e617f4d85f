// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8efc6a2346f2654d2ee83436cf894ba0c75847dfa56ea0ee581fdf3a3fd5f589
import"./chunk-R3B3XYRE.js";import{a as e}from"./chunk-N5HHR5LP.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-AQ7AURWX.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
