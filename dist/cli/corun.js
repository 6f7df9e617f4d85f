// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-93a1e9da563d403e40c448298764026f5d0c15f69e3838be390416b57999fce1
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6H52DUSD.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
