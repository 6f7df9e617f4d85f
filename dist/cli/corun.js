// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f30620b8c5806ff3f4cbcaa1ecaef880fc8403601025660acd380d0d7738190b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OKRUDXZW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
