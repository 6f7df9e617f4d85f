// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8f3f9064bea9ec74b9958c7748dfe2d0204eac828ec4d3239de882bee14a1f76
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ECWNJDLM.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
