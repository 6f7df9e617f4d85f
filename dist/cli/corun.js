// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-18b49ac111c1a9a7789f3581c6676dcb0f1d723af4b85ddc398f187f2d9b81d0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6ZR3HMKK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
