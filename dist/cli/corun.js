// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-4cdca304fb1360c4be8a0cce7f0f9d7a8947bc249fabe750eb92effec0151c32
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-NAUK4VTF.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
