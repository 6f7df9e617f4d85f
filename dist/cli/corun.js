// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-46d742e537bf3b7a7b5b43ad161891ea9def1bbfdebe4cba57793d05a61d4bb2
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ITN7NQDE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
