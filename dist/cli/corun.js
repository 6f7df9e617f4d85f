// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d608c1864eb3463a3ee268f37a7675bbfb71fab4d91c3f0507fa4e829e8da449
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-7QZI6KQK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
