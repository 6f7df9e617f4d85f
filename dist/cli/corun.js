// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-47c33af78fe112f2bdab136f3d48c591e641b9d28ac1b6070d85007fc167407b
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-VZ4UFA5W.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
