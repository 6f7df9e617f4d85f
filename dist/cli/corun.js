// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-3bc1e2c7f674b2dcb3fd39df60885a93a43963b0702761c460b9fecb5af78f9b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-S23FWXPR.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
