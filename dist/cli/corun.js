// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-6ded8d47af02fd51863ad222568edea46d2b9f27768e30209b4986d0dc3204cb
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-P2GA7KLW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
