// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5091461546d266d82e6262211adf52274df6c4e0216663a0999e04c75bf076a7
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-PPZPDAWW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
