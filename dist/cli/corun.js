// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-66f6e7c8e1ee8ae7082ce20af6eeeae8db81ac4feee46708824ac937520b9558
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-VPKSSUIN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
