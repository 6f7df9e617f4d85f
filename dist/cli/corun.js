// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-cb0cf87412c8d64846cef5030e2f93cc0111876d49d984b67412a55623086f33
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-UWTXHZY3.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
