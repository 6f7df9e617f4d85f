// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2ec7a9ca9f6579a83751c62d5cac9ccb58c1b8dfd963cdcfeb819c7565659f8d
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YHNUFAFC.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
