// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f79733ed4fe9f744dfd0796eca3b80ef8fecb53aa045cb327976cf584f758619
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GF5RG3ZW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
