// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-192c348d017719f9d2b594fa010c16ada23806b436f9f4a260a6199fb46e3b59
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-HHMDKDEW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
