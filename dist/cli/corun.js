// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e377537b7fc163ddddbd238c5c93bf9717fac0a49d9018bdba93d79329caefe4
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-XA3RHCQK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
