import{b as l}from"./chunk-NEEGGJ5C.js";function a(e){let o=[0];for(let t=0;t<e.length;t++)e[t]===`
`&&o.push(t+1);return o}function p(e,o){let t=0,n=e.length-1;for(;t<n;){let r=t+n+1>>1;e[r]<=o?t=r:n=r-1}return{line:t+1,column:o-e[t]+1}}function h(e,o,t){return e.map(n=>{let r=t?.(n.path,n.at??"value");return{file:o,...r,path:l(n.path),message:n.message}})}export{a,p as b,h as c};
