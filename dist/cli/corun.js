// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-33f4a9f49980508036d69cf333915864689dd9718581b67e6521249fca0c40d8
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ZESZUUMY.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
