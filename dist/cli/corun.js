// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-4839e414ba2401452e35a0914cbbcff9d4cc93ed041820d72ccf37ff795bc124
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-KR4DEAWG.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
