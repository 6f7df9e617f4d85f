// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2cb0b5cdd001534a57cfe450898def11d2146674b0e21107ac9a0515245aa9ba
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-4XH7PO2K.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
