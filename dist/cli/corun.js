// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-bdc376ed86bb409367f5da04a6c0b63ea1f2e793add9452341067df6f05d8161
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-RN3VFDZQ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
