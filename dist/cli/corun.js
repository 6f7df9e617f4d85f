// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d109ae72c431b21a81ca9c5b5c1223ac0f90875ec18496a00d2f145ba7f58895
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-Q4CXTMZY.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
