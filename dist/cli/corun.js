// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-556b7db97be4e8c41a76c226ccd86a12b7d316b3dfc75d9b548a59ade6405bfe
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ISTAHGEP.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
