// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-aec2fd423e99c10f6d5b3b950833f85b386a71b0edb72990e89f6fbacc4202e0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MH53XE3X.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
