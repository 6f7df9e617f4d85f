// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-699a392ef04d73a8e90b7747c8cdf989ebef1b067e4a23ae1a77dd59c17bd4a0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-T3P44AV2.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
