// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-64c1c99e5391799f02c9749d58853846048af5b3510c77ca78cbbabbfd11ef5c
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-DHFEL6IV.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
