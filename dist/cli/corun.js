// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-bbd8443f1131768bc5aedd63e2d4e867906311b4d3128c7da42911e6575b6ec8
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-XGSUK5GJ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
