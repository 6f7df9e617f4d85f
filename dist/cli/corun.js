// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-74c4653eb68f0fc0fd28734a16658ca54c624fa424a984f259f4deb0328c5eba
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-QC47HVEE.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
