// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ba7115ff5c5090662aa5a7de6ec33b583b4a5a676f238980883e1c5a646efc53
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-IYG5T67L.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
