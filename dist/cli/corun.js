// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8a728a268f9c02b277e5e4f9c61030b6a02f36254835d77b055a5f5d77945dd0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-WRF7TOAF.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
