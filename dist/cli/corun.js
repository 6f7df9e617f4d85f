// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-63ddf9f288ce27c8f035aa599ed84f460a12fddf0bda8f42bdcc69cedb15422f
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-FRGEV46O.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
