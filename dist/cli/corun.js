// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-c042ae9e98913f3bf35675be205f22b40b51c654cbcfe31ebd3d7dad5f2a0838
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-YPPCCX3Q.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
