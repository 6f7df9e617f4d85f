// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-337aad5567137383de3ddfddba4ba02e6f64f783019c4e7e86331e0c1caf6b93
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-P2GA7KLW.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
