// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5f284c8a8340205779bf10caa44842adde8e0a9a41b8ecbe75f7a957d8c52d76
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-QDH6BKYJ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
