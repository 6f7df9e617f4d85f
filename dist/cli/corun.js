// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-280bed1516e842b69e841f3b71abc512ba081afb8c4439c9cb7add79b62943fc
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-X7Z37W42.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
