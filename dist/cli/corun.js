// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b18969803a879b99df201e402ea6ca81d2b0caef595cc28873eb975158d5c338
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-KJKSWEP7.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
