// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-096a4643667f78176ef2ecd901eca5a649905a35b359c363d7209eaea4ff21c6
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ESFSGKQC.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
