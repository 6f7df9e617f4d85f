// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-3a94b40bb72947b81e70de73ce69c3dff24318de55ba99c5d3d2cd9b1011387d
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-SMRBFUAL.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
