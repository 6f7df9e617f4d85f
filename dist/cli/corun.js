// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c33675d9e6c0ab3f90311b5e8cc52b1506899d417b8adfb9ee0a9d77e60fdef9
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-245YGNDE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
