// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-6b009927fab489c5bec7b150b938313d2039c3854ac81be3a40a6cc2ca36ff91
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YC2SF6QG.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
