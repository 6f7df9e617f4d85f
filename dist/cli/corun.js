// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5e330a5c262ff5763298692fc10c8d871008aa1bd368ed46fefdc31f9e716c5e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-HW7LXW6U.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
