// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-46cd82b6d382b51d60caf46b06f49a8ae2e75f3cf85694679bec52b64c46a7b1
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-FL6WRDUV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
