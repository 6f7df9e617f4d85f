// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d6d471bf6fcdf784f34f50dbc1bc3c5266a23506a1b1fcd21230a175b7a8f4fc
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6YEEUE5G.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
