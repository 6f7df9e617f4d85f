// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5419739405e934f123de7c6babc62f073f76aeccec6371a68a2cf6639ebb8a67
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ZSTNGPEE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
