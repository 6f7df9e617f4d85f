// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-e9b523f900e2326231d53d8e9a11a54476f091d856d1b217537de2f94da1cd45
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TBSKL6CI.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
