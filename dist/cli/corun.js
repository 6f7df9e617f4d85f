// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-abc11dcb9c9df711cbfb6ff2462796c230090ba7db4665d51571b377bafaa60b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MSKVL5P4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
