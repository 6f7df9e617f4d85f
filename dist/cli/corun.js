// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-be322c4cfb4373afbf776f86515e7cf9ecd277ba7c6d9221d5d244f9b1b97706
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2STEL2XN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
