// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-7c1354ca990e32e080a9d90682c2662885a7aae979d2a4689a11074646fda440
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DNRDAC7T.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
