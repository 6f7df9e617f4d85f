// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-05c2fbd6cb63903da72e42b2ff1b14e84e0a6531571998437829253a89b4b37c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-E4PIKBLA.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
