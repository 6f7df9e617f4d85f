// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-8f99fe664b60f8b44e026a967d3bda762d9357aaed3ec4ecd0bbb84dcd29e5db
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-KAGT6O3Z.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
