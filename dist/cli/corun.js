// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-821bbad80e805bf7d2395dfeda1b97510fd2de7f32f64c0b3858e89f0e365a8d
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-ME2SWJOK.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
