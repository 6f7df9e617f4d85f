// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-7a869a23ae6ec034991bcef0b09437f98eb9761201fe446935b920c8f35613da
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DHAXOCJX.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
