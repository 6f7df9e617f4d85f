// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-34fb2a5153fc5a8b8f075cfe944603f202fd0cfd772ac173d3673aa69e7e4ecd
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OOBYBJIT.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
