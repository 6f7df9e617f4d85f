// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-4cb25f98a33c5d93ba3a46a9f3ccf9d6f5f25bb6934e72a9c2addc6bc0548088
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DHFSJKW7.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
