// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-290e5ab4d33d47a7617b59d8c83f78ac2ab58e136d5d2894fc187a1b6c907385
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-Q3T2PTZT.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
