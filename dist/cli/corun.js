// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b08a2b10a385faf895d7a98188aa88957ed9f07eab8e13ae6dacc90e5ccea341
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-K7TSB3KD.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
