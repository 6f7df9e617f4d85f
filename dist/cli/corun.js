// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-cb50a333f4adae0fb4d3b50f69c2ee14b9d8a99725fa76d0e47a405121eceb8f
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-EBPJQ76X.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
