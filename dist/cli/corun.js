// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-7239124311e1cb2d200d2318574dda51eed230ba0c544f1d8c238dccf397f83e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-BXPXIVXD.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
