// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-44bc07094afd01e1b737b33541b91ffece2b8f3e31d2701b3497546ef5969d56
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-M52PS34Z.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
