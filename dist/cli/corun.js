// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-7b3acc7ef673ea923c22db2697195181540158591c57f356628b214c19a12fc7
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-4OH3R54N.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
