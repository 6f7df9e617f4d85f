// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-6f936da07a94f6bbd57a7af2b68c69d1f44152453c310025203ae57a2c6b43ac
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2STEL2XN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
