// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-4c997d21d433d0ce7cb2ed2defc7ad935de569f91cee80e596d594f7b830c5f4
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-EWDXEIXB.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
