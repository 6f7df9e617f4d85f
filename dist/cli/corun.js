// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-0816da39f407ec33fa878b762f1ed9a5ecad7c0ea04c7e97c514a9c6d25e5877
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GWZNCP4H.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
