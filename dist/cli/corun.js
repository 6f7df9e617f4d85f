// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-736f4c88edb363a10d419d6ad4e39b608fcbef5af0ffe9176fa921b484a0b604
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-7UDYGBXN.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
