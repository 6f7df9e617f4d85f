// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-69aed6f19250c89a19613c1082044b6f0ba7c725d43b19bf9313f553fb16e6d4
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-SAEYH4OJ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
