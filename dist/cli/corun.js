// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5293012eac0c53bc4d852ec3911fe157426417f5bcdaa4765331b3417183a91c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-3VMYBVL7.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
