// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-00928e80a9d139d6a1db8588881418625741f093d3272ded3857a9d935e6819a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MALXVXPZ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
