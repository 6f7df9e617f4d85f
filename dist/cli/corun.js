// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-3480bc61e6aede3b9b513873af1e2b05a81c93605525f41f2927ab0e649a6806
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-LM4GK3EV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
