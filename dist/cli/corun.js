// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-aa2152928350148087ba152f6574828e56dcf4eedcc695b0e1a17d2f1631ca9a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-L7BIKQQN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
