// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d24bf103f7bc62c2dabfcbed7952ac88f0d16d311e2de04b65dc1bdd4442d659
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-FD2FFPDE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
