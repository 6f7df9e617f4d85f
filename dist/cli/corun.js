// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-20be1e74e668b19ee1919e37e294bae0b0f931f16dfc848df2ab00340e0b431a
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TJZ27VQM.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
