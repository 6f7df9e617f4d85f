// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-18a4c78e163af70e64182a02d6c17c28e13868d04a7abce2532a52a572e67b43
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-FYQ5MBTT.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
