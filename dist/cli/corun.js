// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c322621907e9168d873bcb06aad7aa01cb88478513956fda2f770456cb2660fc
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-3HJYU5JU.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
