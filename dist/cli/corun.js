// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-cbb4838f604a4b5ef27f05fea6b4a8181df7d687655e1eae82f8639ca6fa11b1
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-GJH7D6ZJ.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
