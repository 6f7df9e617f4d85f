// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5cf712a9577bae05d0268354a70d07e5a0722c306ca82eadcd761bc0726934cf
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-BQIFCTMS.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
