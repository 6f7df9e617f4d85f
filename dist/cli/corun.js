// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f65506bf266c42bb54df0566c530e5b1acbba60309572de7a1c05f9933a3d426
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YOW4SUDI.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
