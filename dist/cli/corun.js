// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-78a0e8330af1ed3e289994531ccb7b37efe389931363501cedb4d5e989f0a1a3
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-PPET4VGL.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
