// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-bf7e9d805036becd538fafe923f2dc7c7270150303407d5edbc094b90bfca833
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YZIME6K6.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
