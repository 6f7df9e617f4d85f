// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-cb5c1cd3ce6268e4ad1f13299e275b729b566f3f157c33461db0de6fbc144e8e
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-Z7GG5NVP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
