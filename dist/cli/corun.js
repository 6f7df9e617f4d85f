// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-73892dbe93a958ec8187e1ea4f9d7a0f48dff649ca098acd9a00805dfc1595c3
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-7TSIXRCI.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
