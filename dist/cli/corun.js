// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c9b0f700958582da060047f94ce70c2bea6c24312a69ba186337f53b6eae17e3
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ADR5CANE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
