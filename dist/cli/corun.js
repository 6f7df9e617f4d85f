// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-375c2651ce478e7a540ccefb62db8b9de355d276616d67c1db6e1d0b2f3abd31
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-WJINRPMK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
