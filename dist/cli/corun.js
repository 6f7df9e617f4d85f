// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b94153d6d14197c8d7159436e20ea2d7631a8e338e30899e2b08c1a1ae8844ba
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-JC5I6YVD.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
