// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-26045762ace92406d8280e9ae86566aef188c1c9a2939d4aeccd7e17c4776cde
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GWGFF3PV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
