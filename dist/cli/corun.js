// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d4e4cb677c66db389e95d217255c09133a3b6071ed79acfdbfce183de12aaba6
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-UNRBLFFQ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
