// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-933c8b7e1fca4de7212599df3c35a9f7d1a3c80f7769e98a23c676ff24b7fd13
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-XRW5SSLW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
