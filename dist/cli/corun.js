// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-fbcb3a9446834bbecc5407bf70d75fd5bcda86e5e5331bbe305c8f43513c3de9
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-BJBB3JAM.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
