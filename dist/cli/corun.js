// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2d1a3c196edbfecaf0bea1c3fdc07365af872d419251af97f09b4ecf3c71a9a4
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-JPP5NUC5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
