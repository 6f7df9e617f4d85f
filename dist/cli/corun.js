// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-edf429a750c736f6c264b62145cefc065d598e0a64ffde593374df31536c43b8
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-75OMEPY2.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
