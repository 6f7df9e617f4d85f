// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d95d5ea94284eb03df55996ba5707b577d2f22681863f0c4ed64b507d6578e18
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-JJDOWVOE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
