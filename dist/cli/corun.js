// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-3b8878afb8ce27545f3c0f4fb06f3c6b4a5ddf5ba643f8513b260c6dfb3c5aa2
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-NZRTBESR.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
