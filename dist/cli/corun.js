// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-74f0b49c94a6c8351aa390bc6b804132e841b9369bdf9978bb19fee4137c64e8
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-IBIEMTBY.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
