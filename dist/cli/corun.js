// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c28a2d107490afe78504e7bff986d6d3d410279a2462571e4373cd51bdea0b71
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-N5KWBGD4.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
