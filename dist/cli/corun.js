// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8b29f0e5cefb5b060f6eb7eca41ba07686b8566298406f0e993ab548e63611a0
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-P56MSVO3.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
