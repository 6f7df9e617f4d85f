// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5bcc75e924568842a476fa1034706ab54ccce5f9aa279b9382661795777858f5
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-BGMNWOBU.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
