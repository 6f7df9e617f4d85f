// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a7289a9bede7248adc9cc00a067dc1a56966e696610d72b760f220f6bb357ae8
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-U4QPWB67.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
