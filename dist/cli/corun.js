// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-af805e9c42f97a0b8a30cf8c36061e82508402d4f38b0db687252bbaf589d268
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-IS2F3XLA.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
