// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a881af741ac6890316df3c23c634caa0953af3d7d07bfbdf0c5e87886b1a9ebf
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-KESDTBRK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
