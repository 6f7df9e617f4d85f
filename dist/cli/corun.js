// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d68694f8cf90250d115edcb62a9df7df84ee2d6f57c95a583d4618356fb87ad7
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-JH7B7ECY.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
