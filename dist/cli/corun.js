// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-cdb096eb7ec7ca36e80a81935ed3f8083a7f0cddb16e772b4ec8b5de0f362f9b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-OJCAJ4H5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
