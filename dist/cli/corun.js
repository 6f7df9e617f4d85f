// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-809459e96b816127b8e2c1fd85aeb7f178f1ab3b517a6ba204957812765ba478
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-4IIED5EE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
