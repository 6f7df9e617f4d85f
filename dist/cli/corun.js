// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ff5352fbbf814f92ff8829aac50cfa775bb74a808c7ec6a778c151749144ca74
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-BPTX5N4Y.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
