// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-50c2d69a48985faeb7bb8b1ae36bf8aaa769a8551d5db5614a1064ae25be4c14
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-75QXQHHU.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
