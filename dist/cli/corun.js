// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-3485fb22104e91d51c2372449dc01cd4dc412c28814de45cd871915086229b57
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-XXD7J5ZF.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
