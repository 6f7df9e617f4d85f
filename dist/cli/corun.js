// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d1b6b5e1cffda7394149f274edb2e508f9b56a6046546f5851a64e109bef5a84
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-AAJ4Q52E.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
