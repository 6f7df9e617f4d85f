// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-46eaedb423df116008599e377652b3cf42500f016050472286f97bcad848d509
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-LMSFSZPK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
