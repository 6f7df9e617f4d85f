// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-fc9a64476d418c79c56e6d3d4092497230f10d24f24422b34dc84ba92338a56c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2CBJ4T2P.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
