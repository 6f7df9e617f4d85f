// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-a5bbc7941bc3f4702b1307b75ebd75363c9bff1372884403cec337c1dc542bac
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-TKJO7FG3.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
