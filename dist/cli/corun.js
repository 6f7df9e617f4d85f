// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-55e1d5f707bfb9058d5c621205d4c098aa1683126af16a3dad6e84661c53a8e6
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-LKMX252O.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
