// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-5bb05a225c7a027154c6e61c65aca6c45848e66e917be3c18740732a9d310bbe
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-SZHFUAMA.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
