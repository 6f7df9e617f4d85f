// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-56a52450c7508ed8fb89a369f3d711934ee178604f9685fac48c172d5d588c18
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TSFEFW6M.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
