// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e464e3259bb58bd102f16c477a244f0e57acd9cee337fc3a8b38262dd4e9b71a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-A2ZLUFSE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
