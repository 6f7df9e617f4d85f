// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2774e981db122d9847a39489503a879ec2c2d270e0df75aaf7d492546ff2b8e7
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-X6HDLNNB.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
