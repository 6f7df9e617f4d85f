// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5c3e3c8157936e34dc143a3637cef80267d9387c461a8c04bba804025b27d734
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-WL2SEFXX.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
