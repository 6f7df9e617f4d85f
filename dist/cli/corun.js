// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-9668f2a89c52ed345c80b7b94dcf46adb237bac8dd1ae76f76efe071bb544cfc
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TCYDQRGD.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
