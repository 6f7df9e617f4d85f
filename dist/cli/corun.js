// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a35af8dae037f52f3a3b55d372596082d92c55911ad08ed828aa81b248f666c0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-SSLTQWXE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
