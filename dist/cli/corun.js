// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-bca123bd00cf550912ec4be22272f3fdea7cb5534dcb0fec71908fbd1b079b68
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6PYOT3PI.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
