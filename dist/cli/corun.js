// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5a824beb32ecd946856911b3439a9169675c461b74440ea51127ca9e9dda9e59
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DX4SIMCP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
