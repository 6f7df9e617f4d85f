// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-efc4174ebc9f5529799a24a69bcc5a34ef2168b2d1bf367d52329ce97b2f57fa
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ZHLJ3CS5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
