// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-500886bcc061b31085f8092df1ee2c70846979c704927de3717892a5455a0af0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-F2FC54CZ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
