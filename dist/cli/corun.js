// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c9745198fb417ceebbe42f14b8b5baf24f0be08cc627228315f9cdd60682757a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-HMCTXR67.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
