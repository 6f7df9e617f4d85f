// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-9a9b2754d9b8b6978146657bbb2fe43926bd99c9f8afd0b8500fe083d759f4cd
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-PNQ7TSXW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
