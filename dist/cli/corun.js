// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-49023bb2a18435cba7b8c1d1329bd762175404709f4fff57a355717737bce96e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-UPX72VGU.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
