// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b78f3f15b73e58d1ba120fdeedf138eed4523d4833b724d9007356f30faff528
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-S7WEY65U.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
