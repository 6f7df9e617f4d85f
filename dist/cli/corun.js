// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c4f84f3b0554442ad37814c6d7448fd3b3ceaf17713cfe9c0aeb050e06f89302
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6KK5EBPD.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
