// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f64a5e616c66893b6cfaa9bd65aec281848f5825e30d6d41b09662fb66b3514d
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OZ5EIAJ6.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
