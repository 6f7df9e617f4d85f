// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f489c6b095472897263c08f022f36d1c213122e9eecc3727572b1236eaca3828
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-224EVPNN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
