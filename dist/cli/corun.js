// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.
// sources: sha256-daa279e9513ab5a1aa344aeda19bfe46a328639fe8192896b9bdd95451ce5c20
import{a as e}from"./chunk-Z3TCST7F.js";function n(o){return o.length===1&&(o[0]==="--version"||o[0]==="-V")}import.meta.main&&(n(Deno.args)?console.log(e):import("./main-2DETIVHF.js").then(({runAsProgram:o})=>o(Deno.args)));export{n as asksOnlyForVersion};
