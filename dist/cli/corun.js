// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-323072511fa644284053adfd0fabb887f7cd15ac50351995584c43143138c420
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-AR3H6WIX.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
