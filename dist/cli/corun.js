// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-fb885fd3e1d5ab4473792d22b3f9e3fdf5412380cfb069f90d5c7f5100681a4e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-Q6NBIA3G.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
