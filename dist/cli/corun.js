// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a6c1ee631d91f587cc2787e35cab7092d82b762fc6ec75ff4f46c00e17025aa5
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-M52PS34Z.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
