// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-0982a622e9d3ecce58f2338b62d9fddda153af05e564360692983e54db7c936b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-WDAMRVK5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
