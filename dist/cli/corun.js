// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ae5e40d27bfbda38c0a5886690057040da1062970b64b11bc0f9386f7127d9f5
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MM6NVEAE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
