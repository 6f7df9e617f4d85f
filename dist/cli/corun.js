// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d4c445e88eb277aca006d082eec0939197f0f63322a99d1fad9886c02d2b49ed
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-XY6THIT5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
