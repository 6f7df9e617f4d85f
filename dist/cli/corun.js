// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-ef2c090c97c2be37aec63621aacd8708f422f396105050ad25a374c6d795b866
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-MM6NVEAE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
