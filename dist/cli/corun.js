// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f6acbd39bd7ac62e6bb0223e5ebef71147fcbbee2bbfa6e0a62f2a651cb5d021
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ODHKAY6N.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
