// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-d6bcca308fbc2a668f33c411999e1ab624992dfb7afa3d4f93007c5880b0bb5f
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-JLQACQN3.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
