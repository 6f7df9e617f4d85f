// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-10bb87c3aa8c458c28eb5b3a2dd06a1be01755cc7dab20dc53aada82bc796935
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ZWNASYR3.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
