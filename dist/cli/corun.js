// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e40dcb63bd3ca2ac826940704eb27953bfd1fabc36c961acc417e097e48d6283
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-JQLK57JT.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
