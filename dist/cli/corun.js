// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2dc732c07650f5f2ceae76ba5d497d190b567adae7e93bdc6422e33d277bcc6a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2YAJSQBB.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
