// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-24423f681a34435c87fa626b5bdc0115ac2ebbac907be240dd2ae983d5d79f8d
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-Q7T3IG66.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
