// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-6a1c857fbcfeac6258d6ddda7883335c8a5b8c30f5d5f0f63b2e9cf405633ddc
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-CJQJC2YX.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
