// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-aeb274ed90337e89688987365ead48df50bf98557c5562698fe7112ae2f72087
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-Q67PMF74.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
