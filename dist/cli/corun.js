// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-584765cf422f8f629e51eda7d1ef006c604f8940413eea30abb3c463f4b68247
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-EEMLRNUZ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
