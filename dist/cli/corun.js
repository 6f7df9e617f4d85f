// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8d8299979631edc1f00ca7b5f6609162e4148377ac6db903cbdfa255d6b4c1f6
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-PEBXUGDR.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
