// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f83f0db20c8af3ced176e64e5fc9f9a3314818d4de8e9115d65428447f3478b4
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-6LPPE2TZ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
