// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e0098131496a5acdb9efde545256f3ac559492ee7eaae624a21033040c8ae401
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OBWRHNDR.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
