// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-b4411f03be66b8b507dfcc4a3f8c9cfeee592a461d5113724b695f79c15f7edb
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-X7Z37W42.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
