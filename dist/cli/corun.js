// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-26ba6cb3e483b434be683a90b27b90d077f0f56e6302bf4f894395f56fe0fe21
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GXXJARIK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
