// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-21475be62211256acfcd3a8906304d8818ea81f382b8433d5f862c9f5747f8fc
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-T3LEXHIE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
