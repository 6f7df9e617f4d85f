// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-4affb51bd43aa127d62950f3c3e6d1c8515dc2d849ddb72a99f01bbf0342bd38
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-7F5TUHOD.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
