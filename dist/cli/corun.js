// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-10473529cdf56c445590c1b16e895a589fc4ce59c7997b93de3c455ac35381e3
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-KVMULEMR.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
