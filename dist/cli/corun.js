// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f57e6d9af1fcd2cb31b531f6f7333fc60c6ef945eeff4c214605fd4e15819036
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-WWTOFYCB.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
