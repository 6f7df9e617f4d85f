// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-92d09c522905b1d1f382f3c22b7e9c3ac634929141fae9e9693de6f74d2da0c5
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YXJJBE3D.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
