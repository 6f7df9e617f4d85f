// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ed1c8c8a61b8956f252ca37340cc9b28c0884ad88af2f98cc4fcd50706d636f9
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-74C3SVDM.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
