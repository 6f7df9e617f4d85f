// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-cdd23443a8810b64abbd4f9ca7e60736e7a266065ee61976182847106bb8266c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YFL7PVNV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
