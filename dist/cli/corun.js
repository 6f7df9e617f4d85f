// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-f9670bf0243a970429512edaa278cce6e2f0f45b5f3e7907a716e334afa63c65
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-HEIASACZ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
