// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-bd7c6e4f8f8041ddb33006ab07a1c70142849bfdc16b6f542cfb27efdec0d4d0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-P2GA7KLW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
