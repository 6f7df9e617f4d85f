// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-def1f07308ff0a2d63bbb92ff5dbc8edc7215d8303e52c900fc7dfe7923609c7
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-63GRH6HK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
