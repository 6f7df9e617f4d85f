// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-aac5ec9b650092a267412af8662a13ffa693084272fe76ae5786987a05ff325a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-M3ATDODK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
