// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8b45451373a19632fc45937b8e68bacc73717e2b2c9a35c81b43c38640248c1f
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2CFRCR3I.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
