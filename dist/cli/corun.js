// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-7e9ea2230e5c1947d8ab331228ff86a6fe882335560a1f714c5a4ea6e63b3715
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GYRNP2OE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
