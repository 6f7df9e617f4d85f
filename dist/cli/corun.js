// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-21d998863475e13c18953ce1e5ba753e94a1552495a87a18d8068a71569b888c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-RVL6NCN4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
