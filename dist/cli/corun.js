// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ed84eb7ad21cbb2a8607469c078228216da6b74c821a619e3cd07d27b30f189d
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-NTOR65K6.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
