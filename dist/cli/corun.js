// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-2bc34ee9d89d6a5af4fa4cd0fc0c4222a458081242a26adccab149d92bfe4570
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TYT45TSP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
