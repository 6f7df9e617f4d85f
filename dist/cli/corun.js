// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-0a50cb16f2013ab9ca46d5c8c1a0e48513627fe00244cd7cdfc704197ebbd5ea
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-EQFAUD3O.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
