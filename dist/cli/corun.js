// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-59dd75660cf9729098e730faf7ff63ebb27874bb6235d9e440dab861e4a73892
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ZQKHBIT5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
