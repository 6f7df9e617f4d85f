// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-86ac62db5e1215d8c2c79a89ef7cba247a73243219079223782065287ed78d67
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-I47HZFK5.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
