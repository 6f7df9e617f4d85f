// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-eaa4d92d981b1ad2ba0777970b93055bc0042b34a0bba95bac2793e6c3827073
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-EDAMOFZ5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
