// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5dbfc35f7e58cb040fee046b9fb80f26d4e3736e2ce609b01c42a56acee2cb16
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-KTDVSGW6.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
