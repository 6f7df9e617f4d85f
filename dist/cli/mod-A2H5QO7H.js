import{a as on,c as an,g as un,h as ln,i as Me,k as ct}from"./chunk-35OQRKSP.js";import{$a as rn,ab as sn,d as Xe,h as Zt,m as en,n as ze,oa as nn,y as tn}from"./chunk-SCW222NN.js";import hs from"node:os";import Es from"node:fs";var Ke=new Map,dt=new Map,ht=Symbol("OriginError"),De={},te=class extends Promise{constructor(e,n,r,i,a={}){let o,c;super((l,g)=>{o=l,c=g}),this.tagged=Array.isArray(e.raw),this.strings=e,this.args=n,this.handler=r,this.canceller=i,this.options=a,this.state=null,this.statement=null,this.resolve=l=>(this.active=!1,o(l)),this.reject=l=>(this.active=!1,c(l)),this.active=!1,this.cancelled=null,this.executed=!1,this.signature="",this[ht]=this.handler.debug?new Error:this.tagged&&xr(this.strings)}get origin(){return(this.handler.debug?this[ht].stack:this.tagged&&dt.has(this.strings)?dt.get(this.strings):dt.set(this.strings,this[ht].stack).get(this.strings))||""}static get[Symbol.species](){return Promise}cancel(){return this.canceller&&(this.canceller(this),this.canceller=null)}simple(){return this.options.simple=!0,this.options.prepare=!1,this}async readable(){return this.simple(),this.streaming=!0,this}async writable(){return this.simple(),this.streaming=!0,this}cursor(e=1,n){if(this.options.simple=!1,typeof e=="function"&&(n=e,e=1),this.cursorRows=e,typeof n=="function")return this.cursorFn=n,this;let r;return{[Symbol.asyncIterator]:()=>({next:()=>{if(this.executed&&!this.active)return{done:!0};r&&r();let i=new Promise((a,o)=>{this.cursorFn=c=>(a({value:c,done:!1}),new Promise(l=>r=l)),this.resolve=()=>(this.active=!1,a({done:!0})),this.reject=c=>(this.active=!1,o(c))});return this.execute(),i},return(){return r&&r(De),{done:!0}}})}}describe(){return this.options.simple=!1,this.onlyDescribe=this.options.prepare=!0,this}stream(){throw new Error(".stream has been renamed to .forEach")}forEach(e){return this.forEachFn=e,this.handle(),this}raw(){return this.isRaw=!0,this}values(){return this.isRaw="values",this}async handle(){!this.executed&&(this.executed=!0)&&await 1&&this.handler(this)}execute(){return this.handle(),this}then(){return this.handle(),super.then.apply(this,arguments)}catch(){return this.handle(),super.catch.apply(this,arguments)}finally(){return this.handle(),super.finally.apply(this,arguments)}};function xr(t){if(Ke.has(t))return Ke.get(t);let e=Error.stackTraceLimit;return Error.stackTraceLimit=4,Ke.set(t,new Error),Error.stackTraceLimit=e,Ke.get(t)}var ge=class extends Error{constructor(e){super(e.message),this.name=this.constructor.name,Object.assign(this,e)}},q={connection:cn,postgres:dn,generic:hn,notSupported:En};function cn(t,e,n){let{host:r,port:i}=n||e,a=Object.assign(new Error("write "+t+" "+(e.path||r+":"+i)),{code:t,errno:t,address:e.path||r},e.path?{}:{port:i});return Error.captureStackTrace(a,cn),a}function dn(t){let e=new ge(t);return Error.captureStackTrace(e,dn),e}function hn(t,e){let n=Object.assign(new Error(t+": "+e),{code:t});return Error.captureStackTrace(n,hn),n}function En(t){let e=Object.assign(new Error(t+" (B) is not supported"),{code:"MESSAGE_NOT_SUPPORTED",name:t});return Error.captureStackTrace(e,En),e}var Br={string:{to:25,from:null,serialize:t=>""+t},number:{to:0,from:[21,23,26,700,701],serialize:t=>""+t,parse:t=>+t},json:{to:114,from:[114,3802],serialize:t=>JSON.stringify(t),parse:t=>JSON.parse(t)},boolean:{to:16,from:16,serialize:t=>t===!0?"t":"f",parse:t=>t==="t"},date:{to:1184,from:[1082,1114,1184],serialize:t=>(t instanceof Date?t:new Date(t)).toISOString(),parse:t=>new Date(t)},bytea:{to:17,from:17,serialize:t=>"\\x"+Buffer.from(t).toString("hex"),parse:t=>Buffer.from(t.slice(2),"hex")}},$e=class{then(){Et()}catch(){Et()}finally(){Et()}},Ie=class extends $e{constructor(e){super(),this.value=Ze(e)}},oe=class extends $e{constructor(e,n,r){super(),this.value=e,this.type=n,this.array=r}},qe=class extends $e{constructor(e,n){super(),this.first=e,this.rest=n}build(e,n,r,i){let a=Gr.map(([o,c])=>({fn:c,i:e.search(o)})).sort((o,c)=>o.i-c.i).pop();return a.i===-1?mt(this.first,i):a.fn(this.first,this.rest,n,r,i)}};function Ve(t,e,n,r){let i=t instanceof oe?t.value:t;if(i===void 0&&(t instanceof oe?t.value=r.transform.undefined:i=t=r.transform.undefined,i===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return"$"+n.push(t instanceof oe?(e.push(t.value),t.array?t.array[t.type||Qe(t.value)]||t.type||Nn(t.value):t.type):(e.push(t),Qe(t)))}var _n=gn(Br);function pt(t,e,n,r,i,a){for(let o=1;o<t.strings.length;o++)e+=Nt(e,n,r,i,a)+t.strings[o],n=t.args[o];return e}function Nt(t,e,n,r,i){return e instanceof qe?e.build(t,n,r,i):e instanceof te?_t(e,n,r,i):e instanceof Ie?e.value:e&&e[0]instanceof te?e.reduce((a,o)=>a+" "+_t(o,n,r,i),""):Ve(e,n,r,i)}function _t(t,e,n,r){return t.fragment=!0,pt(t,t.strings[0],t.args[0],e,n,r)}function pn(t,e,n,r,i){return t.map(a=>"("+r.map(o=>Nt("values",a[o],e,n,i)).join(",")+")").join(",")}function fn(t,e,n,r,i){let a=Array.isArray(t[0]),o=e.length?e.flat():Object.keys(a?t[0]:t);return pn(a?t:[t],n,r,o,i)}function Je(t,e,n,r,i){if(typeof t=="string"&&(t=[t].concat(e)),Array.isArray(t))return mt(t,i);let a;return(e.length?e.flat():Object.keys(t)).map(c=>(a=t[c],(a instanceof te?_t(a,n,r,i):a instanceof Ie?a.value:Ve(a,n,r,i))+" as "+Ze(i.transform.column.to?i.transform.column.to(c):c))).join(",")}var Gr=Object.entries({values:fn,in:(...t)=>{let e=fn(...t);return e==="()"?"(null)":e},select:Je,as:Je,returning:Je,"\\(":Je,update(t,e,n,r,i){return(e.length?e.flat():Object.keys(t)).map(a=>Ze(i.transform.column.to?i.transform.column.to(a):a)+"="+Nt("values",t[a],n,r,i))},insert(t,e,n,r,i){let a=e.length?e.flat():Object.keys(Array.isArray(t)?t[0]:t);return"("+mt(a,i)+")values"+pn(Array.isArray(t)?t:[t],n,r,a,i)}}).map(([t,e])=>[new RegExp("((?:^|[\\s(])"+t+"(?:$|[\\s(]))(?![\\s\\S]*\\1)","i"),e]);function Et(){throw q.generic("NOT_TAGGED_CALL","Query not called as a tagged template literal")}var Yr=_n.serializers,Xr=_n.parsers;function Nn(t){return Array.isArray(t)?Nn(t[0]):typeof t=="string"?1009:0}var mn=function(t){let e=gn(t||{});return{serializers:Object.assign({},Yr,e.serializers),parsers:Object.assign({},Xr,e.parsers)}};function gn(t){return Object.keys(t).reduce((e,n)=>(t[n].from&&[].concat(t[n].from).forEach(r=>e.parsers[r]=t[n].parse),t[n].serialize&&(e.serializers[t[n].to]=t[n].serialize,t[n].from&&[].concat(t[n].from).forEach(r=>e.serializers[r]=t[n].serialize)),e),{parsers:{},serializers:{}})}function mt(t,{transform:{column:e}}){return t.map(n=>Ze(e.to?e.to(n):n)).join(",")}var Ze=function(e){return'"'+e.replace(/"/g,'""').replace(/\./g,'"."')+'"'},Qe=function t(e){return e instanceof oe?e.type:e instanceof Date?1184:e instanceof Uint8Array?17:e===!0||e===!1?16:typeof e=="bigint"?20:Array.isArray(e)?t(e[0]):0},zr=/\\/g,Kr=/"/g;function Jr(t){return t.replace(zr,"\\\\").replace(Kr,'\\"')}var Tn=function t(e,n,r,i){if(Array.isArray(e)===!1)return e;if(!e.length)return"{}";let a=e[0],o=i===1020?";":",";return Array.isArray(a)&&!a.type?"{"+e.map(c=>t(c,n,r,i)).join(o)+"}":"{"+e.map(c=>{if(c===void 0&&(c=r.transform.undefined,c===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return c===null?"null":'"'+Jr(n?n(c.type?c.value:c):""+c)+'"'}).join(o)+"}"},ft={i:0,char:null,str:"",quoted:!1,last:0},wn=function(e,n,r){return ft.i=ft.last=0,An(ft,e,n,r)};function An(t,e,n,r){let i=[],a=r===1020?";":",";for(;t.i<e.length;t.i++){if(t.char=e[t.i],t.quoted)t.char==="\\"?t.str+=e[++t.i]:t.char==='"'?(i.push(n?n(t.str):t.str),t.str="",t.quoted=e[t.i+1]==='"',t.last=t.i+2):t.str+=t.char;else if(t.char==='"')t.quoted=!0;else if(t.char==="{")t.last=++t.i,i.push(An(t,e,n,r));else if(t.char==="}"){t.quoted=!1,t.last<t.i&&i.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1;break}else t.char===a&&t.p!=="}"&&t.p!=='"'&&(i.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1);t.p=t.char}return t.last<t.i&&i.push(n?n(e.slice(t.last,t.i+1)):e.slice(t.last,t.i+1)),i}var Te=t=>{let e=t[0];for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},we=t=>{let e=t[0].toUpperCase();for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},Ae=t=>t.replace(/_/g,"-"),We=t=>t.replace(/([A-Z])/g,"_$1").toLowerCase(),Pe=t=>(t.slice(0,1)+t.slice(1).replace(/([A-Z])/g,"_$1")).toLowerCase(),xe=t=>t.replace(/-/g,"_");function gt(t){return function e(n,r){return typeof n=="object"&&n!==null&&(r.type===114||r.type===3802)?Array.isArray(n)?n.map(i=>e(i,r)):Object.entries(n).reduce((i,[a,o])=>Object.assign(i,{[t(a)]:e(o,r)}),{}):n}}Te.column={from:Te};Te.value={from:gt(Te)};We.column={to:We};var Tt={...Te};Tt.column.to=We;we.column={from:we};we.value={from:gt(we)};Pe.column={to:Pe};var wt={...we};wt.column.to=Pe;Ae.column={from:Ae};Ae.value={from:gt(Ae)};xe.column={to:xe};var At={...Ae};At.column.to=xe;import Rn from"node:net";import es from"node:tls";import Be from"node:crypto";import Rt from"node:stream";import{performance as On}from"node:perf_hooks";var _e=class extends Array{constructor(){super(),Object.defineProperties(this,{count:{value:null,writable:!0},state:{value:null,writable:!0},command:{value:null,writable:!0},columns:{value:null,writable:!0},statement:{value:null,writable:!0}})}static get[Symbol.species](){return Array}};var ne=Qr;function Qr(t=[]){let e=t.slice(),n=0;return{get length(){return e.length-n},remove:r=>{let i=e.indexOf(r);return i===-1?null:(e.splice(i,1),r)},push:r=>(e.push(r),r),shift:()=>{let r=e[n++];return n===e.length?(n=0,e=[]):e[n-1]=void 0,r}}}var z=Buffer.allocUnsafe(256),Vr="BCcDdEFfHPpQSX".split("").reduce((t,e)=>{let n=e.charCodeAt(0);return t[e]=()=>(z[0]=n,D.i=5,D),t},{}),D=Object.assign(Zr,Vr,{N:"\0",i:0,inc(t){return D.i+=t,D},str(t){let e=Buffer.byteLength(t);return et(e),D.i+=z.write(t,D.i,e,"utf8"),D},i16(t){return et(2),z.writeUInt16BE(t,D.i),D.i+=2,D},i32(t,e){return e||e===0?(z.writeUInt32BE(t,e),D):(et(4),z.writeUInt32BE(t,D.i),D.i+=4,D)},z(t){return et(t),z.fill(0,D.i,D.i+t),D.i+=t,D},raw(t){return z=Buffer.concat([z.subarray(0,D.i),t]),D.i=z.length,D},end(t=1){z.writeUInt32BE(D.i-t,t);let e=z.subarray(0,D.i);return D.i=0,z=Buffer.allocUnsafe(256),e}}),f=D;function et(t){if(z.length-D.i<t){let e=z,n=e.length;z=Buffer.allocUnsafe(n+(n>>1)+t),e.copy(z)}}function Zr(){return D.i=0,D}var Lt=bn,ts=1,pe=f().S().end(),Ln=f().H().end(),ns=f().i32(8).i32(80877103).end(8),rs=Buffer.concat([f().E().str(f.N).i32(0).end(),pe]),ss=f().D().str("S").str(f.N).end(),je=()=>{},is=new Set(["FetchPreparedStatement","RevalidateCachedQuery","transformAssignedExpr"]),os={83:"severity_local",86:"severity",67:"code",77:"message",68:"detail",72:"hint",80:"position",112:"internal_position",113:"internal_query",87:"where",115:"schema_name",116:"table_name",99:"column_name",100:"data type_name",110:"constraint_name",70:"file",76:"line",82:"routine"};function bn(t,e={},{onopen:n=je,onend:r=je,onclose:i=je}={}){let{sslnegotiation:a,ssl:o,max:c,user:l,host:g,port:O,database:T,parsers:p,transform:A,onnotice:k,onnotify:N,onparameter:x,max_pipeline:U,keep_alive:ie,backoff:re,target_session_attrs:Z}=t,L=ne(),he=ts++,ue={pid:null,secret:null},Le=Ot(ut,t.idle_timeout),me=Ot(ut,t.max_lifetime),S=Ot(nr,t.connect_timeout),E=null,le,V=null,b=new _e,K=Buffer.alloc(0),Se=t.fetch_types,ce={},d={},m=Math.random().toString(36).slice(2),v=1,W=0,M=0,w=0,y=0,F=0,H=0,P=0,J=null,I=null,de=!1,ae=null,Ee=null,G=null,C=null,j=null,ee=null,Ge=null,ot=null,h=null,ke=null,Y={queue:e.closed,idleTimer:Le,connect(s){G=s,zt()},terminate:He,execute:Ce,cancel:Vn,end:ut,count:0,id:he};return e.closed&&e.closed.push(Y),Y;async function Qn(){let s;try{s=t.socket?await Promise.resolve(t.socket(t)):new Rn.Socket}catch(u){ye(u);return}return s.on("error",ye),s.on("close",Kt),s.on("drain",Yt),s}async function Vn({pid:s,secret:u},_,R){try{le=f().i32(16).i32(80877102).i32(s).i32(u).end(16),await Xt(),E.once("error",R),E.once("close",_)}catch($){R($)}}function Ce(s){if(de)return Fe(s,q.connection("CONNECTION_DESTROYED",t));if(j)return Fe(s,q.generic("COPY_IN_PROGRESS","You cannot execute queries during copy"));if(!s.cancelled)try{return s.state=ue,h?L.push(s):(h=s,h.active=!0),tr(s),B(Zn(s))&&!s.describeFirst&&!s.cursorFn&&L.length<U&&(!s.options.onexecute||s.options.onexecute(Y))}catch(u){return L.length===0&&B(pe),se(u),!0}}function Zn(s){if(s.parameters.length>=65534)throw q.generic("MAX_PARAMETERS_EXCEEDED","Max number of parameters (65534) exceeded");return s.options.simple?f().Q().str(s.statement.string+f.N).end():s.describeFirst?Buffer.concat([xt(s),Ln]):s.prepare?s.prepared?Ye(s):Buffer.concat([xt(s),Ye(s)]):er(s)}function xt(s){return Buffer.concat([Qt(s.statement.string,s.parameters,s.statement.types,s.statement.name),qr("S",s.statement.name)])}function Ye(s){return Buffer.concat([$r(s.parameters,s.statement.types,s.statement.name,s.cursorName),s.cursorFn?Vt("",s.cursorRows):rs])}function er(s){return Buffer.concat([Qt(s.statement.string,s.parameters,s.statement.types),ss,Ye(s)])}function tr(s){let u=[],_=[],R=pt(s,s.strings[0],s.args[0],u,_,t);!s.tagged&&s.args.forEach($=>Ve($,u,_,t)),s.prepare=t.prepare&&("prepare"in s.options?s.options.prepare:!0),s.string=R,s.signature=s.prepare&&_+R,s.onlyDescribe&&delete d[s.signature],s.parameters=s.parameters||u,s.prepared=s.prepare&&s.signature in d,s.describeFirst=s.onlyDescribe||u.length&&!s.prepared,s.statement=s.prepared?d[s.signature]:{string:R,types:_,name:s.prepare?m+v++:""},typeof t.debug=="function"&&t.debug(he,R,u,_)}function B(s,u){return ee=ee?Buffer.concat([ee,s]):Buffer.from(s),u||ee.length>=1024?Bt(u):(I===null&&(I=setImmediate(Bt)),!0)}function Bt(s){let u=E.write(ee,s);return I!==null&&clearImmediate(I),ee=I=null,u}function nr(){se(q.connection("CONNECT_TIMEOUT",t,E)),E.destroy()}async function Gt(){if(a!=="direct"&&(B(ns),!await new Promise(_=>E.once("data",R=>_(R[0]===83)))&&o==="prefer"))return be();let s={socket:E,servername:Rn.isIP(E.host)?void 0:E.host};a==="direct"&&(s.ALPNProtocols=["postgresql"]),o==="require"||o==="allow"||o==="prefer"?s.rejectUnauthorized=!1:typeof o=="object"&&Object.assign(s,o),E.removeAllListeners(),E=es.connect(s),E.on("secureConnect",be),E.on("error",ye),E.on("close",Kt),E.on("drain",Yt)}function Yt(){!h&&n(Y)}function at(s){if(!(ae&&(ae.push(s),M-=s.length,M>0)))for(K=ae?Buffer.concat(ae,F-M):K.length===0?s:Buffer.concat([K,s],K.length+s.length);K.length>4;){if(F=K.readUInt32BE(1),F>=K.length){M=F-K.length,ae=[K];break}try{rr(K.subarray(0,F+1))}catch(u){h&&(h.cursorFn||h.describeFirst)&&B(pe),se(u)}K=K.subarray(F+1),M=0,ae=null}}async function Xt(){if(de=!1,ce={},E||(E=await Qn()),!!E){if(S.start(),t.socket)return o?Gt():be();if(E.on("connect",o?Gt:be),t.path)return E.connect(t.path);E.ssl=o,E.connect(O[w],g[w]),E.host=g[w],E.port=O[w],w=(w+1)%O.length}}function zt(){setTimeout(Xt,W?Math.max(0,W+H-On.now()):0)}function be(){try{d={},Se=t.fetch_types,m=Math.random().toString(36).slice(2),v=1,me.start(),E.on("data",at),ie&&E.setKeepAlive&&E.setKeepAlive(!0,1e3*ie);let s=Pr();B(s)}catch(s){ye(s)}}function ye(s){if(!(Y.queue===e.connecting&&t.host[y+1]))for(se(s);L.length;)Fe(L.shift(),s)}function se(s){j&&(j.destroy(s),j=null),h&&Fe(h,s),G&&(Fe(G,s),G=null)}function Fe(s,u){if(s.reserve)return s.reject(u);(!u||typeof u!="object")&&(u=new Error(u)),"query"in u||"parameters"in u||Object.defineProperties(u,{stack:{value:u.stack+s.origin.replace(/.*\n/,`
`),enumerable:t.debug},query:{value:s.string,enumerable:t.debug},parameters:{value:s.parameters,enumerable:t.debug},args:{value:s.args,enumerable:t.debug},types:{value:s.statement&&s.statement.types,enumerable:t.debug}}),s.reject(u)}function ut(){return C||(!Y.reserved&&r(Y),!Y.reserved&&!G&&!h&&L.length===0?(He(),new Promise(s=>E&&E.readyState!=="closed"?E.once("close",s):s())):C=new Promise(s=>Ge=s))}function He(){de=!0,(j||h||G||L.length)&&ye(q.connection("CONNECTION_DESTROYED",t)),clearImmediate(I),E&&(E.removeListener("data",at),E.removeListener("connect",be),E.readyState==="open"&&E.end(f().X().end())),Ge&&(Ge(),C=Ge=null)}async function Kt(s){if(K=Buffer.alloc(0),M=0,ae=null,clearImmediate(I),E.removeListener("data",at),E.removeListener("connect",be),Le.cancel(),me.cancel(),S.cancel(),E.removeAllListeners(),E=null,G)return zt();!s&&(h||L.length)&&ye(q.connection("CONNECTION_CLOSED",t,E)),W=On.now(),s&&t.shared.retries++,H=(typeof re=="function"?re(t.shared.retries):re)*1e3,i(Y,q.connection("CONNECTION_CLOSED",t,E))}function rr(s,u=s[0]){(u===68?sr:u===100?jr:u===65?Lr:u===83?ir:u===90?or:u===67?ar:u===50?Jt:u===49?ur:u===116?lr:u===84?cr:u===82?dr:u===110?Nr:u===75?mr:u===69?Rr:u===115?Sr:u===51?br:u===71?yr:u===78?vr:u===72?Dr:u===99?Ur:u===73?kr:u===86?Cr:u===118?Fr:u===87?Ir:Hr)(s)}function sr(s){let u=7,_,R,$,X=h.isRaw?new Array(h.statement.columns.length):{};for(let Q=0;Q<h.statement.columns.length;Q++)R=h.statement.columns[Q],_=s.readInt32BE(u),u+=4,$=_===-1?null:h.isRaw===!0?s.subarray(u,u+=_):R.parser===void 0?s.toString("utf8",u,u+=_):R.parser.array===!0?R.parser(s.toString("utf8",u+1,u+=_)):R.parser(s.toString("utf8",u,u+=_)),h.isRaw?X[Q]=h.isRaw===!0?$:A.value.from?A.value.from($,R):$:X[R.name]=A.value.from?A.value.from($,R):$;h.forEachFn?h.forEachFn(A.row.from?A.row.from(X):X,b):b[P++]=A.row.from?A.row.from(X):X}function ir(s){let[u,_]=s.toString("utf8",5,s.length-1).split(f.N);ce[u]=_,t.parameters[u]!==_&&(t.parameters[u]=_,x&&x(u,_))}function or(s){if(h?V?h.retried?se(h.retried):h.prepared&&is.has(V.routine)?Or(h,V):se(V):h.resolve(Ee||b):V&&se(V),h=Ee=V=null,b=new _e,S.cancel(),G){if(Z){if(!ce.in_hot_standby||!ce.default_transaction_read_only)return Ar();if(wr(Z,ce))return He()}if(Se)return G.reserve&&(G=null),gr();G&&!G.reserve&&Ce(G),t.shared.retries=y=0,G=null;return}for(;L.length&&(h=L.shift())&&(h.active=!0,h.cancelled);)bn(t).cancel(h.state,h.cancelled.resolve,h.cancelled.reject);h||(Y.reserved?!Y.reserved.release&&s[5]===73?C?He():(Y.reserved=null,n(Y)):Y.reserved():C?He():n(Y))}function ar(s){P=0;for(let u=s.length-1;u>0;u--)if(s[u]===32&&s[u+1]<58&&b.count===null&&(b.count=+s.toString("utf8",u+1,s.length-1)),s[u-1]>=65){b.command=s.toString("utf8",5,u),b.state=ue;break}if(ke&&(ke(),ke=null),b.command==="BEGIN"&&c!==1&&!Y.reserved)return se(q.generic("UNSAFE_TRANSACTION","Only use sql.begin, sql.reserved or max: 1"));if(h.options.simple)return Jt();h.cursorFn&&(b.count&&h.cursorFn(b),B(pe))}function ur(){h.parsing=!1}function Jt(){!b.statement&&(b.statement=h.statement),b.columns=h.statement.columns}function lr(s){let u=s.readUInt16BE(5);for(let _=0;_<u;++_)!h.statement.types[_]&&(h.statement.types[_]=s.readUInt32BE(7+_*4));h.prepare&&(d[h.signature]=h.statement),h.describeFirst&&!h.onlyDescribe&&(B(Ye(h)),h.describeFirst=!1)}function cr(s){b.command&&(Ee=Ee||[b],Ee.push(b=new _e),b.count=null,h.statement.columns=null);let u=s.readUInt16BE(5),_=7,R;h.statement.columns=Array(u);for(let $=0;$<u;++$){for(R=_;s[_++]!==0;);let X=s.readUInt32BE(_),Q=s.readUInt16BE(_+4),fe=s.readUInt32BE(_+6);h.statement.columns[$]={name:A.column.from?A.column.from(s.toString("utf8",R,_-1)):s.toString("utf8",R,_-1),parser:p[fe],table:X,number:Q,type:fe},_+=18}if(b.statement=h.statement,h.onlyDescribe)return h.resolve(h.statement),B(pe)}async function dr(s,u=s.readUInt32BE(5)){(u===3?hr:u===5?Er:u===10?fr:u===11?_r:u===12?pr:u!==0?Mr:je)(s,u)}async function hr(){let s=await lt();B(f().p().str(s).z(1).end())}async function Er(s){let u="md5"+await Sn(Buffer.concat([Buffer.from(await Sn(await lt()+l)),s.subarray(9)]));B(f().p().str(u).z(1).end())}async function fr(){ot=(await Be.randomBytes(18)).toString("base64"),f().p().str("SCRAM-SHA-256"+f.N);let s=f.i;B(f.inc(4).str("n,,n=*,r="+ot).i32(f.i-s-4,s).end())}async function _r(s){let u=s.toString("utf8",9).split(",").reduce((Q,fe)=>(Q[fe[0]]=fe.slice(2),Q),{}),_=await Be.pbkdf2Sync(await lt(),Buffer.from(u.s,"base64"),parseInt(u.i),32,"sha256"),R=await nt(_,"Client Key"),$="n=*,r="+ot+",r="+u.r+",s="+u.s+",i="+u.i+",c=biws,r="+u.r;J=(await nt(await nt(_,"Server Key"),$)).toString("base64");let X="c=biws,r="+u.r+",p="+us(R,Buffer.from(await nt(await as(R),$))).toString("base64");B(f().p().str(X).end())}function pr(s){s.toString("utf8",9).split(f.N,1)[0].slice(2)!==J&&(se(q.generic("SASL_SIGNATURE_MISMATCH","The server did not return the correct signature")),E.destroy())}function lt(){return Promise.resolve(typeof t.pass=="function"?t.pass():t.pass)}function Nr(){if(b.statement=h.statement,b.statement.columns=[],h.onlyDescribe)return h.resolve(h.statement),B(pe)}function mr(s){ue.pid=s.readUInt32BE(5),ue.secret=s.readUInt32BE(9)}async function gr(){Se=!1,(await new te([`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `],[],Ce)).forEach(({oid:u,typarray:_})=>Tr(u,_))}function Tr(s,u){if(t.parsers[u]&&t.serializers[u])return;let _=t.parsers[s];t.shared.typeArrayMap[s]=u,t.parsers[u]=R=>wn(R,_,u),t.parsers[u].array=!0,t.serializers[u]=R=>Tn(R,t.serializers[s],t,u)}function wr(s,u){return s==="read-write"&&u.default_transaction_read_only==="on"||s==="read-only"&&u.default_transaction_read_only==="off"||s==="primary"&&u.in_hot_standby==="on"||s==="standby"&&u.in_hot_standby==="off"||s==="prefer-standby"&&u.in_hot_standby==="off"&&t.host[y]}function Ar(){let s=new te([`
      show transaction_read_only;
      select pg_catalog.pg_is_in_recovery()
    `],[],Ce,null,{simple:!0});s.resolve=([[u],[_]])=>{ce.default_transaction_read_only=u.transaction_read_only,ce.in_hot_standby=_.pg_is_in_recovery?"on":"off"},s.execute()}function Rr(s){h?((h.cursorFn||h.describeFirst)&&B(pe),V=q.postgres(tt(s))):se(q.postgres(tt(s)))}function Or(s,u){delete d[s.signature],s.retried=u,Ce(s)}function Lr(s){if(!N)return;let u=9;for(;s[u++]!==0;);N(s.toString("utf8",9,u-1),s.toString("utf8",u,s.length-1))}async function Sr(){try{let s=await Promise.resolve(h.cursorFn(b));P=0,s===De?B(Wr(h.portal)):(b=new _e,B(Vt("",h.cursorRows)))}catch(s){B(pe),h.reject(s)}}function br(){b.count&&h.cursorFn(b),h.resolve(b)}function yr(){j=new Rt.Writable({autoDestroy:!0,write(s,u,_){E.write(f().d().raw(s).end(),_)},destroy(s,u){u(s),E.write(f().f().str(s+f.N).end()),j=null},final(s){E.write(f().c().end()),ke=s,j=null}}),h.resolve(j)}function Dr(){j=new Rt.Readable({read(){E.resume()}}),h.resolve(j)}function Ir(){j=new Rt.Duplex({autoDestroy:!0,read(){E.resume()},write(s,u,_){E.write(f().d().raw(s).end(),_)},destroy(s,u){u(s),E.write(f().f().str(s+f.N).end()),j=null},final(s){E.write(f().c().end()),ke=s}}),h.resolve(j)}function jr(s){j&&(j.push(s.subarray(5))||E.pause())}function Ur(){j&&j.push(null),j=null}function vr(s){k?k(tt(s)):console.log(tt(s))}function kr(){}function Cr(){se(q.notSupported("FunctionCallResponse"))}function Fr(){se(q.notSupported("NegotiateProtocolVersion"))}function Hr(s){console.error("Postgres.js : Unknown Message:",s[0])}function Mr(s,u){console.error("Postgres.js : Unknown Auth:",u)}function $r(s,u,_="",R=""){let $,X;return f().B().str(R+f.N).str(_+f.N).i16(0).i16(s.length),s.forEach((Q,fe)=>{if(Q===null)return f.i32(4294967295);X=u[fe],s[fe]=Q=X in t.serializers?t.serializers[X](Q):""+Q,$=f.i,f.inc(4).str(Q).i32(f.i-$-4,$)}),f.i16(0),f.end()}function Qt(s,u,_,R=""){return f().P().str(R+f.N).str(s+f.N).i16(u.length),u.forEach(($,X)=>f.i32(_[X]||0)),f.end()}function qr(s,u=""){return f().D().str(s).str(u+f.N).end()}function Vt(s="",u=0){return Buffer.concat([f().E().str(s+f.N).i32(u).end(),Ln])}function Wr(s=""){return Buffer.concat([f().C().str("P").str(s+f.N).end(),f().S().end()])}function Pr(){return le||f().inc(4).i16(3).z(2).str(Object.entries(Object.assign({user:l,database:T,client_encoding:"UTF8"},t.connection)).filter(([,s])=>s).map(([s,u])=>s+f.N+u).join(f.N)).z(2).end(0)}}function tt(t){let e={},n=5;for(let r=5;r<t.length-1;r++)t[r]===0&&(e[os[t[n]]]=t.toString("utf8",n+1,r),n=r+1);return e}function Sn(t){return Be.createHash("md5").update(t).digest("hex")}function nt(t,e){return Be.createHmac("sha256",t).update(e).digest()}function as(t){return Be.createHash("sha256").update(t).digest()}function us(t,e){let n=Math.max(t.length,e.length),r=Buffer.allocUnsafe(n);for(let i=0;i<n;i++)r[i]=t[i]^e[i];return r}function Ot(t,e){if(e=typeof e=="function"?e():e,!e)return{cancel:je,start:je};let n;return{cancel(){n&&(clearTimeout(n),n=null)},start(){n&&clearTimeout(n),n=setTimeout(r,e*1e3,arguments)}};function r(i){t.apply(null,i),n=null}}var yn=()=>{};function St(t,e){let n=new Map,r="postgresjs_"+Math.random().toString(36).slice(2),i={},a,o,c=!1,l=T.sql=t({...e,transform:{column:{},value:{},row:{}},max:1,fetch_types:!1,idle_timeout:null,max_lifetime:null,connection:{...e.connection,replication:"database"},onclose:async function(){c||(o=null,i.pid=i.secret=void 0,p(await A(l,r,e.publications)),n.forEach(N=>N.forEach(({onsubscribe:x})=>x())))},no_subscribe:!0}),g=l.end,O=l.close;return l.end=async()=>(c=!0,o&&await new Promise(N=>(o.once("close",N),o.end())),g()),l.close=async()=>(o&&await new Promise(N=>(o.once("close",N),o.end())),O()),T;async function T(N,x,U=yn,ie=yn){N=ds(N),a||(a=A(l,r,e.publications));let re={fn:x,onsubscribe:U},Z=n.has(N)?n.get(N).add(re):n.set(N,new Set([re])).get(N),L=()=>{Z.delete(re),Z.size===0&&n.delete(N)};return a.then(he=>(p(he),U(),o&&o.on("error",ie),{unsubscribe:L,state:i,sql:l}))}function p(N){o=N.stream,i.pid=N.state.pid,i.secret=N.state.secret}async function A(N,x,U){if(!U)throw new Error("Missing publication names");let ie=await N.unsafe(`CREATE_REPLICATION_SLOT ${x} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`),[re]=ie,Z=await N.unsafe(`START_REPLICATION SLOT ${x} LOGICAL ${re.consistent_point} (proto_version '1', publication_names '${U}')`).writable(),L={lsn:Buffer.concat(re.consistent_point.split("/").map(S=>Buffer.from(("00000000"+S).slice(-8),"hex")))};return Z.on("data",ue),Z.on("error",he),Z.on("close",N.close),{stream:Z,state:ie.state};function he(S){console.error("Unexpected error during logical streaming - reconnecting",S)}function ue(S){S[0]===119?cs(S.subarray(25),L,N.options.parsers,Le,e.transform):S[0]===107&&S[17]&&(L.lsn=S.subarray(1,9),me())}function Le(S,E){let le=E.relation.schema+"."+E.relation.table;k("*",S,E),k("*:"+le,S,E),E.relation.keys.length&&k("*:"+le+"="+E.relation.keys.map(V=>S[V.name]),S,E),k(E.command,S,E),k(E.command+":"+le,S,E),E.relation.keys.length&&k(E.command+":"+le+"="+E.relation.keys.map(V=>S[V.name]),S,E)}function me(){let S=Buffer.alloc(34);S[0]=114,S.fill(L.lsn,1),S.writeBigInt64BE(BigInt(Date.now()-Date.UTC(2e3,0,1))*BigInt(1e3),25),Z.write(S)}}function k(N,x,U){n.has(N)&&n.get(N).forEach(({fn:ie})=>ie(x,U,N))}}function ls(t){return new Date(Date.UTC(2e3,0,1)+Number(t/BigInt(1e3)))}function cs(t,e,n,r,i){let a=(o,[c,l])=>(o[c.charCodeAt(0)]=l,o);Object.entries({R:o=>{let c=1,l=e[o.readUInt32BE(c)]={schema:o.toString("utf8",c+=4,c=o.indexOf(0,c))||"pg_catalog",table:o.toString("utf8",c+1,c=o.indexOf(0,c+1)),columns:Array(o.readUInt16BE(c+=2)),keys:[]};c+=2;let g=0,O;for(;c<o.length;)O=l.columns[g++]={key:o[c++],name:i.column.from?i.column.from(o.toString("utf8",c,c=o.indexOf(0,c))):o.toString("utf8",c,c=o.indexOf(0,c)),type:o.readUInt32BE(c+=1),parser:n[o.readUInt32BE(c)],atttypmod:o.readUInt32BE(c+=4)},O.key&&l.keys.push(O),c+=4},Y:()=>{},O:()=>{},B:o=>{e.date=ls(o.readBigInt64BE(9)),e.lsn=o.subarray(1,9)},I:o=>{let c=1,l=e[o.readUInt32BE(c)],{row:g}=rt(o,l.columns,c+=7,i);r(g,{command:"insert",relation:l})},D:o=>{let c=1,l=e[o.readUInt32BE(c)];c+=4;let g=o[c]===75;r(g||o[c]===79?rt(o,l.columns,c+=3,i).row:null,{command:"delete",relation:l,key:g})},U:o=>{let c=1,l=e[o.readUInt32BE(c)];c+=4;let g=o[c]===75,O=g||o[c]===79?rt(o,l.columns,c+=3,i):null;O&&(c=O.i);let{row:T}=rt(o,l.columns,c+3,i);r(T,{command:"update",relation:l,key:g,old:O&&O.row})},T:()=>{},C:()=>{}}).reduce(a,{})[t[0]](t)}function rt(t,e,n,r){let i,a,o,c=r.raw?new Array(e.length):{};for(let l=0;l<e.length;l++)i=t[n++],a=e[l],o=i===110?null:i===117?void 0:a.parser===void 0?t.toString("utf8",n+4,n+=4+t.readUInt32BE(n)):a.parser.array===!0?a.parser(t.toString("utf8",n+5,n+=4+t.readUInt32BE(n))):a.parser(t.toString("utf8",n+4,n+=4+t.readUInt32BE(n))),r.raw?c[l]=r.raw===!0?o:r.value.from?r.value.from(o,a):o:c[a.name]=r.value.from?r.value.from(o,a):o;return{i:n,row:r.row.from?r.row.from(c):c}}function ds(t){let e=t.match(/^(\*|insert|update|delete)?:?([^.]+?\.?[^=]+)?=?(.+)?/i)||[];if(!e)throw new Error("Malformed subscribe pattern: "+t);let[,n,r,i]=e;return(n||"*")+(r?":"+(r.indexOf(".")===-1?"public."+r:r):"")+(i?"="+i:"")}import Dn from"node:stream";function bt(t,e,n=393216){return new Promise(async(r,i)=>{await t.begin(async a=>{let o;!e&&([{oid:e}]=await a`select lo_creat(-1) as oid`);let[{fd:c}]=await a`select lo_open(${e}, ${n}) as fd`,l={writable:O,readable:g,close:()=>a`select lo_close(${c})`.then(o),tell:()=>a`select lo_tell64(${c})`,read:T=>a`select loread(${c}, ${T}) as data`,write:T=>a`select lowrite(${c}, ${T})`,truncate:T=>a`select lo_truncate64(${c}, ${T})`,seek:(T,p=0)=>a`select lo_lseek64(${c}, ${T}, ${p})`,size:()=>a`
          select
            lo_lseek64(${c}, location, 0) as position,
            seek.size
          from (
            select
              lo_lseek64($1, 0, 2) as size,
              tell.location
            from (select lo_tell64($1) as location) tell
          ) seek
        `};return r(l),new Promise(async T=>o=T);async function g({highWaterMark:T=2048*8,start:p=0,end:A=1/0}={}){let k=A-p;return p&&await l.seek(p),new Dn.Readable({highWaterMark:T,async read(N){let x=N>k?N-k:N;k-=N;let[{data:U}]=await l.read(x);this.push(U),U.length<N&&this.push(null)}})}async function O({highWaterMark:T=2048*8,start:p=0}={}){return p&&await l.seek(p),new Dn.Writable({highWaterMark:T,write(A,k,N){l.write(A).then(()=>N(),N)}})}}).catch(i)})}Object.assign(st,{PostgresError:ge,toPascal:we,pascal:wt,toCamel:Te,camel:Tt,toKebab:Ae,kebab:At,fromPascal:Pe,fromCamel:We,fromKebab:xe,BigInt:{to:20,from:[20],parse:t=>BigInt(t),serialize:t=>t.toString()}});var yt=st;function st(t,e){let n=fs(t,e),r=n.no_subscribe||St(st,{...n}),i=!1,a=ne(),o=ne(),c=ne(),l=ne(),g=ne(),O=ne(),T=ne(),p=ne(),A={connecting:o,reserved:c,closed:l,ended:g,open:O,busy:T,full:p},k=[...Array(n.max)].map(()=>Lt(n,A,{onopen:Se,onend:K,onclose:ce})),N=x(Le);return Object.assign(N,{get parameters(){return n.parameters},largeObject:bt.bind(null,N),subscribe:r,CLOSE:De,END:De,PostgresError:ge,options:n,reserve:re,listen:U,begin:Z,close:le,end:E}),N;function x(d){return d.debug=n.debug,Object.entries(n.types).reduce((w,[y,F])=>(w[y]=H=>new oe(H,F.to),w),m),Object.assign(v,{types:m,typed:m,unsafe:W,notify:ie,array:ue,json:he,file:M}),v;function m(w,y){return new oe(w,y)}function v(w,...y){return w&&Array.isArray(w.raw)?new te(w,y,d,S):typeof w=="string"&&!y.length?new Ie(n.transform.column.to?n.transform.column.to(w):w):new qe(w,y)}function W(w,y=[],F={}){return arguments.length===2&&!Array.isArray(y)&&(F=y,y=[]),new te([w],y,d,S,{prepare:!1,...F,simple:"simple"in F?F.simple:y.length===0})}function M(w,y=[],F={}){return arguments.length===2&&!Array.isArray(y)&&(F=y,y=[]),new te([],y,P=>{Es.readFile(w,"utf8",(J,I)=>{if(J)return P.reject(J);P.strings=[I],d(P)})},S,{...F,simple:"simple"in F?F.simple:y.length===0})}}async function U(d,m,v){let W={fn:m,onlisten:v},M=U.sql||(U.sql=st({...n,max:1,idle_timeout:null,max_lifetime:null,fetch_types:!1,onclose(){Object.entries(U.channels).forEach(([P,{listeners:J}])=>{delete U.channels[P],Promise.all(J.map(I=>U(P,I.fn,I.onlisten).catch(()=>{})))})},onnotify(P,J){P in U.channels&&U.channels[P].listeners.forEach(I=>I.fn(J))}})),w=U.channels||(U.channels={});if(d in w){w[d].listeners.push(W);let P=await w[d].result;return W.onlisten&&W.onlisten(),{state:P.state,unlisten:H}}w[d]={result:M`listen ${M.unsafe('"'+d.replace(/"/g,'""')+'"')}`,listeners:[W]};let F=await w[d].result;return W.onlisten&&W.onlisten(),{state:F.state,unlisten:H};async function H(){if(d in w&&(w[d].listeners=w[d].listeners.filter(P=>P!==W),!w[d].listeners.length))return delete w[d],M`unlisten ${M.unsafe('"'+d.replace(/"/g,'""')+'"')}`}}async function ie(d,m){return await N`select pg_notify(${d}, ${""+m})`}async function re(){let d=ne(),m=O.length?O.shift():await new Promise((M,w)=>{let y={reserve:M,reject:w};a.push(y),l.length&&b(l.shift(),y)});L(m,c),m.reserved=()=>d.length?m.execute(d.shift()):L(m,c),m.reserved.release=!0;let v=x(W);return v.release=()=>{m.reserved=null,Se(m)},v;function W(M){m.queue===p?d.push(M):m.execute(M)||L(m,p)}}async function Z(d,m){!m&&(m=d,d="");let v=ne(),W=0,M,w=null;try{return await N.unsafe("begin "+d.replace(/[^a-z ]/ig,""),[],{onexecute:F}).execute(),await Promise.race([y(M,m),new Promise((H,P)=>M.onclose=P)])}catch(H){throw H}async function y(H,P,J){let I=x(G);I.savepoint=Ee,I.prepare=C=>w=C.replace(/[^a-z0-9$-_. ]/gi);let de,ae;J&&await I`savepoint ${I(J)}`;try{if(ae=await new Promise((C,j)=>{let ee=P(I);Promise.resolve(Array.isArray(ee)?Promise.all(ee):ee).then(C,j)}),de)throw de}catch(C){throw await(J?I`rollback to ${I(J)}`:I`rollback`),C instanceof ge&&C.code==="25P02"&&de||C}return J||(w?await I`prepare transaction '${I.unsafe(w)}'`:await I`commit`),ae;function Ee(C,j){return C&&Array.isArray(C.raw)?Ee(ee=>ee.apply(ee,arguments)):(arguments.length===1&&(j=C,C=null),y(H,j,"s"+W+++(C?"_"+C:"")))}function G(C){C.catch(j=>de||(de=j)),H.queue===p?v.push(C):H.execute(C)||L(H,p)}}function F(H){M=H,L(H,c),H.reserved=()=>v.length?H.execute(v.shift()):L(H,c)}}function L(d,m){return d.queue.remove(d),m.push(d),d.queue=m,m===O?d.idleTimer.start():d.idleTimer.cancel(),d}function he(d){return new oe(d,3802)}function ue(d,m){return Array.isArray(d)?new oe(d,m||(d.length?Qe(d)||25:0),n.shared.typeArrayMap):ue(Array.from(arguments))}function Le(d){if(i)return d.reject(q.connection("CONNECTION_ENDED",n,n));if(O.length)return me(O.shift(),d);if(l.length)return b(l.shift(),d);T.length?me(T.shift(),d):a.push(d)}function me(d,m){return d.execute(m)?L(d,T):L(d,p)}function S(d){return new Promise((m,v)=>{d.state?d.active?Lt(n).cancel(d.state,m,v):d.cancelled={resolve:m,reject:v}:(a.remove(d),d.cancelled=!0,d.reject(q.generic("57014","canceling statement due to user request")),m())})}async function E({timeout:d=null}={}){if(i)return i;await 1;let m;return i=Promise.race([new Promise(v=>d!==null&&(m=setTimeout(V,d*1e3,v))),Promise.all(k.map(v=>v.end()).concat(U.sql?U.sql.end({timeout:0}):[],r.sql?r.sql.end({timeout:0}):[]))]).then(()=>clearTimeout(m))}async function le(){await Promise.all(k.map(d=>d.end()))}async function V(d){for(await Promise.all(k.map(m=>m.terminate()));a.length;)a.shift().reject(q.connection("CONNECTION_DESTROYED",n));d()}function b(d,m){return L(d,o),d.connect(m),d}function K(d){L(d,g)}function Se(d){if(a.length===0)return L(d,O);let m=Math.ceil(a.length/(o.length+1)),v=!0;for(;v&&a.length&&m-- >0;){let W=a.shift();if(W.reserve)return W.reserve(d);v=d.execute(W)}v?L(d,T):L(d,p)}function ce(d,m){L(d,l),d.reserved=null,d.onclose&&(d.onclose(m),d.onclose=null),n.onclose&&n.onclose(d.id),a.length&&b(d,a.shift())}}function fs(t,e){if(t&&t.shared)return t;let n=process.env,r=(!t||typeof t=="string"?e:t)||{},{url:i,multihost:a}=gs(t),o=[...i.searchParams].reduce((p,[A,k])=>(p[A]=k,p),{}),c=r.hostname||r.host||a||i.hostname||n.PGHOST||"localhost",l=r.port||i.port||n.PGPORT||5432,g=r.user||r.username||i.username||n.PGUSERNAME||n.PGUSER||Ts();r.no_prepare&&(r.prepare=!1),o.sslmode&&(o.ssl=o.sslmode,delete o.sslmode),"timeout"in r&&(console.log("The timeout option is deprecated, use idle_timeout instead"),r.idle_timeout=r.timeout),o.sslrootcert==="system"&&(o.ssl="verify-full");let O=["idle_timeout","connect_timeout","max_lifetime","max_pipeline","backoff","keep_alive"],T={max:globalThis.Cloudflare?3:10,ssl:!1,sslnegotiation:null,idle_timeout:null,connect_timeout:30,max_lifetime:Ns,max_pipeline:100,backoff:ps,keep_alive:60,prepare:!0,debug:!1,fetch_types:!0,publications:"alltables",target_session_attrs:null};return{host:Array.isArray(c)?c:c.split(",").map(p=>p.split(":")[0]),port:Array.isArray(l)?l:c.split(",").map(p=>parseInt(p.split(":")[1]||l)),path:r.path||c.indexOf("/")>-1&&c+"/.s.PGSQL."+l,database:r.database||r.db||(i.pathname||"").slice(1)||n.PGDATABASE||g,user:g,pass:r.pass||r.password||i.password||n.PGPASSWORD||"",...Object.entries(T).reduce((p,[A,k])=>{let N=A in r?r[A]:A in o?o[A]==="disable"||o[A]==="false"?!1:o[A]:n["PG"+A.toUpperCase()]||k;return p[A]=typeof N=="string"&&O.includes(A)?+N:N,p},{}),connection:{application_name:n.PGAPPNAME||"postgres.js",...r.connection,...Object.entries(o).reduce((p,[A,k])=>(A in T||(p[A]=k),p),{})},types:r.types||{},target_session_attrs:_s(r,i,n),onnotice:r.onnotice,onnotify:r.onnotify,onclose:r.onclose,onparameter:r.onparameter,socket:r.socket,transform:ms(r.transform||{undefined:void 0}),parameters:{},shared:{retries:0,typeArrayMap:{}},...mn(r.types)}}function _s(t,e,n){let r=t.target_session_attrs||e.searchParams.get("target_session_attrs")||n.PGTARGETSESSIONATTRS;if(!r||["read-write","read-only","primary","standby","prefer-standby"].includes(r))return r;throw new Error("target_session_attrs "+r+" is not supported")}function ps(t){return(.5+Math.random()/2)*Math.min(3**t/100,20)}function Ns(){return 60*(30+Math.random()*30)}function ms(t){return{undefined:t.undefined,column:{from:typeof t.column=="function"?t.column:t.column&&t.column.from,to:t.column&&t.column.to},value:{from:typeof t.value=="function"?t.value:t.value&&t.value.from,to:t.value&&t.value.to},row:{from:typeof t.row=="function"?t.row:t.row&&t.row.from,to:t.row&&t.row.to}}}function gs(t){if(!t||typeof t!="string")return{url:{searchParams:new Map}};let e=t;e=e.slice(e.indexOf("://")+3).split(/[?/]/)[0],e=decodeURIComponent(e.slice(e.indexOf("@")+1));let n=new URL(t.replace(e,e.split(",")[0]));return{url:{username:decodeURIComponent(n.username),password:decodeURIComponent(n.password),host:n.host,hostname:n.hostname,port:n.port,pathname:n.pathname,searchParams:n.searchParams},multihost:e.indexOf(",")>-1&&e}}function Ts(){try{return hs.userInfo().username}catch{return process.env.USERNAME||process.env.USER||process.env.LOGNAME}}import{checkServerIdentity as In}from"node:tls";async function jn(t){let e=t.options.connect_timeout+2,n,r=new Promise((i,a)=>{n=setTimeout(()=>{a(new Error(`no answer in PostgreSQL's protocol within ${e}s (the address takes connections but closes them or stays silent: is it another service's port?)`))},e*1e3)});try{await Promise.race([t`SELECT 1`.execute(),r])}finally{clearTimeout(n)}}var Dt=[{version:1,what:"jobs, origins, fires, workers and results",sql:`
      CREATE TABLE corun_jobs (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        task text NOT NULL,
        origin text NOT NULL,
        url text NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL DEFAULT 'queued'
          CHECK (state IN ('queued', 'leased', 'done', 'failed')),
        attempt integer NOT NULL DEFAULT 0,
        not_before timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_until timestamptz,
        last_error text,
        fire_id bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX corun_jobs_queued ON corun_jobs (queue, origin, id) WHERE state = 'queued';
      CREATE INDEX corun_jobs_leased ON corun_jobs (queue, origin) WHERE state = 'leased';
      CREATE INDEX corun_jobs_lease_owner ON corun_jobs (lease_owner) WHERE state = 'leased';
      CREATE INDEX corun_jobs_fire ON corun_jobs (fire_id) WHERE fire_id IS NOT NULL;

      CREATE TABLE corun_origins (
        queue text NOT NULL,
        origin text NOT NULL,
        per_host integer NOT NULL,
        gap_ms integer NOT NULL,
        jitter_ms integer NOT NULL,
        next_start_at timestamptz NOT NULL DEFAULT '-infinity',
        paused_until timestamptz NOT NULL DEFAULT '-infinity',
        PRIMARY KEY (queue, origin)
      );

      CREATE TABLE corun_fires (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        schedule text NOT NULL,
        fire_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL DEFAULT now(),
        owner text NOT NULL,
        outcome text NOT NULL,
        jobs integer NOT NULL DEFAULT 0,
        UNIQUE (queue, schedule, fire_at)
      );

      CREATE TABLE corun_workers (
        id text PRIMARY KEY,
        queue text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        stopped_at timestamptz,
        done integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0
      );

      CREATE TABLE corun_results (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        worker text NOT NULL,
        line jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX corun_results_queue ON corun_results (queue, id);
    `},{version:2,what:"claims in one call (corun_claim)",sql:`
      -- A job a worker's own coroutine waits for (ctx.fetch): only that worker may claim it.
      ALTER TABLE corun_jobs ADD COLUMN reserved_for text;

      CREATE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        got_now integer;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND l.origin = o.origin AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND l.origin = site.origin AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF site.gap_ms > 0 OR site.jitter_ms > 0 THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          RETURN QUERY
            UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
              lease_until = now() + p_lease_ms * interval '1 millisecond'
            WHERE j.id IN (
              SELECT k.id FROM corun_jobs k
              WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
                AND k.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
              ORDER BY k.id
              LIMIT room
              FOR UPDATE SKIP LOCKED)
            RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt;
          GET DIAGNOSTICS got_now = ROW_COUNT;
          got := got + got_now;
          IF got_now > 0 AND (site.gap_ms > 0 OR site.jitter_ms > 0) THEN
            UPDATE corun_origins o SET next_start_at = now() +
              (site.gap_ms + random() * site.jitter_ms) * interval '1 millisecond'
            WHERE o.queue = p_queue AND o.origin = site.origin;
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `},{version:3,what:"indexes for queues of many origins",sql:`
      CREATE INDEX corun_origins_next ON corun_origins (queue, next_start_at);
      CREATE INDEX corun_jobs_failed ON corun_jobs (queue, finished_at) WHERE state = 'failed';
      CREATE INDEX corun_jobs_due ON corun_jobs (queue, origin, not_before) WHERE state = 'queued';
    `},{version:4,what:"each worker's lease, to remove the reserved jobs of a worker that is gone",sql:`
      ALTER TABLE corun_workers ADD COLUMN lease_ms integer NOT NULL DEFAULT 30000;

      CREATE INDEX corun_jobs_reserved_open ON corun_jobs (queue)
        WHERE reserved_for IS NOT NULL AND state IN ('queued', 'leased');

      CREATE FUNCTION corun_owner_gone(p_worker text) RETURNS boolean
      LANGUAGE sql STABLE AS $gone$
        SELECT EXISTS (SELECT 1 FROM corun_workers w
          WHERE w.id = p_worker AND (w.stopped_at IS NOT NULL
            OR w.last_seen < now() - w.lease_ms * interval '1 millisecond'))
      $gone$;
    `},{version:5,what:"one rule of a paced origin and of its next start (corun_paced, corun_next_start)",sql:`
      CREATE FUNCTION corun_paced(p_gap_ms integer, p_jitter_ms integer) RETURNS boolean
      LANGUAGE sql IMMUTABLE AS $paced$
        SELECT p_gap_ms > 0 OR p_jitter_ms > 0
      $paced$;

      CREATE FUNCTION corun_next_start(p_gap_ms integer, p_jitter_ms integer)
      RETURNS timestamptz
      LANGUAGE sql VOLATILE AS $next$
        SELECT now() + (p_gap_ms + random() * p_jitter_ms) * interval '1 millisecond'
      $next$;

      CREATE OR REPLACE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        got_now integer;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND l.origin = o.origin AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND l.origin = site.origin AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          RETURN QUERY
            UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
              lease_until = now() + p_lease_ms * interval '1 millisecond'
            WHERE j.id IN (
              SELECT k.id FROM corun_jobs k
              WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
                AND k.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
              ORDER BY k.id
              LIMIT room
              FOR UPDATE SKIP LOCKED)
            RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt;
          GET DIAGNOSTICS got_now = ROW_COUNT;
          got := got + got_now;
          IF got_now > 0 AND corun_paced(site.gap_ms, site.jitter_ms) THEN
            UPDATE corun_origins o SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
            WHERE o.queue = p_queue AND o.origin = site.origin;
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `},{version:6,what:"jobs left out (a crawled link that redirected off the crawl's origins), apart from done",sql:`
      ALTER TABLE corun_jobs DROP CONSTRAINT corun_jobs_state_check;
      ALTER TABLE corun_jobs ADD CONSTRAINT corun_jobs_state_check
        CHECK (state IN ('queued', 'leased', 'done', 'failed', 'skipped'));
      ALTER TABLE corun_workers ADD COLUMN skipped integer NOT NULL DEFAULT 0;
    `},{version:7,what:"each crawl's links once, whichever worker found them",sql:`
      ALTER TABLE corun_jobs ADD COLUMN crawl bigint;
      ALTER TABLE corun_jobs ADD COLUMN linked_from bigint;
      CREATE UNIQUE INDEX corun_jobs_crawled ON corun_jobs (crawl, md5(url))
        WHERE linked_from IS NOT NULL;
    `},{version:8,what:"an origin's next start counted from the moment its turn is taken",sql:`
      CREATE OR REPLACE FUNCTION corun_next_start(p_gap_ms integer, p_jitter_ms integer)
      RETURNS timestamptz
      LANGUAGE sql VOLATILE AS $next$
        SELECT clock_timestamp() + (p_gap_ms + random() * p_jitter_ms) * interval '1 millisecond'
      $next$;
    `},{version:9,what:"a claim returns the turn it took (its origin's next start), for the worker to move it",sql:`
      DROP FUNCTION corun_claim(text, text, integer, float8, bigint, boolean);
      CREATE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer,
        turn timestamptz)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        ids bigint[];
        next_at timestamptz;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND l.origin = o.origin AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND l.origin = site.origin AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          SELECT coalesce(array_agg(pick.id), '{}') INTO ids FROM (
            SELECT k.id FROM corun_jobs k
            WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
              AND k.not_before <= now()
              AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
            ORDER BY k.id
            LIMIT room
            FOR UPDATE SKIP LOCKED) pick;
          IF cardinality(ids) > 0 THEN
            next_at := NULL;
            IF corun_paced(site.gap_ms, site.jitter_ms) THEN
              UPDATE corun_origins o
              SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
              WHERE o.queue = p_queue AND o.origin = site.origin
              RETURNING o.next_start_at INTO next_at;
            END IF;
            RETURN QUERY
              UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
                lease_until = now() + p_lease_ms * interval '1 millisecond'
              WHERE j.id = ANY(ids)
              RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt, next_at;
            got := got + cardinality(ids);
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `},{version:10,what:"a redirected fetch holds its place under perHost at the origin it went to",sql:`
      ALTER TABLE corun_jobs ADD COLUMN held_at text;
      DROP INDEX corun_jobs_leased;
      CREATE INDEX corun_jobs_held ON corun_jobs (queue, (coalesce(held_at, origin)))
        WHERE state = 'leased';

      CREATE OR REPLACE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer,
        turn timestamptz)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        ids bigint[];
        next_at timestamptz;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND coalesce(l.held_at, l.origin) = o.origin
              AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND coalesce(l.held_at, l.origin) = site.origin
            AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          SELECT coalesce(array_agg(pick.id), '{}') INTO ids FROM (
            SELECT k.id FROM corun_jobs k
            WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
              AND k.not_before <= now()
              AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
            ORDER BY k.id
            LIMIT room
            FOR UPDATE SKIP LOCKED) pick;
          IF cardinality(ids) > 0 THEN
            next_at := NULL;
            IF corun_paced(site.gap_ms, site.jitter_ms) THEN
              UPDATE corun_origins o
              SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
              WHERE o.queue = p_queue AND o.origin = site.origin
              RETURNING o.next_start_at INTO next_at;
            END IF;
            RETURN QUERY
              UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
                lease_until = now() + p_lease_ms * interval '1 millisecond', held_at = NULL
              WHERE j.id = ANY(ids)
              RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt, next_at;
            got := got + cardinality(ids);
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;

      -- A held job's redirect to p_origin takes the origin's turn (its gap, its pause) and a place
      -- under its perHost, giving back the one it holds, in one statement. Refused, it holds no
      -- place while it waits (two origins that redirect to each other never wait for each other);
      -- wait_ms says how long the gap or pause still holds, full that perHost refused it. An
      -- origin the queue has no rule for gets p_rule's, as a crawled link's does.
      CREATE FUNCTION corun_redirect_turn(p_queue text, p_origin text, p_job bigint,
        p_worker text, p_per_host integer, p_gap_ms integer, p_jitter_ms integer)
      RETURNS TABLE (granted boolean, turn timestamptz, gap_ms integer, jitter_ms integer,
        wait_ms float8, per_host_full boolean)
      LANGUAGE plpgsql AS $redirect$
      #variable_conflict use_column
      DECLARE
        site record;
        leased integer;
        was text;
        ok boolean;
        next_at timestamptz;
      BEGIN
        INSERT INTO corun_origins (queue, origin, per_host, gap_ms, jitter_ms)
        VALUES (p_queue, p_origin, p_per_host, p_gap_ms, p_jitter_ms)
        ON CONFLICT (queue, origin) DO NOTHING;
        -- The origin's row first, then the job's: the order of a claim's locks.
        SELECT o.per_host, o.gap_ms, o.jitter_ms, o.next_start_at, o.paused_until INTO site
        FROM corun_origins o WHERE o.queue = p_queue AND o.origin = p_origin
        FOR UPDATE;
        SELECT coalesce(j.held_at, j.origin) INTO was FROM corun_jobs j
        WHERE j.id = p_job AND j.state = 'leased' AND j.lease_owner = p_worker
        FOR UPDATE;
        SELECT count(*)::int INTO leased FROM corun_jobs l
        WHERE l.queue = p_queue AND coalesce(l.held_at, l.origin) = p_origin
          AND l.state = 'leased' AND l.id <> p_job;
        ok := site.next_start_at <= now() AND site.paused_until <= now()
          AND leased < site.per_host;
        next_at := NULL;
        IF ok AND corun_paced(site.gap_ms, site.jitter_ms) THEN
          UPDATE corun_origins o SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
          WHERE o.queue = p_queue AND o.origin = p_origin
          RETURNING o.next_start_at INTO next_at;
        END IF;
        UPDATE corun_jobs j SET held_at = CASE WHEN ok THEN p_origin ELSE '(waiting)' END
        WHERE j.id = p_job AND j.state = 'leased' AND j.lease_owner = p_worker;
        -- A place given back where the job held one: the workers waiting for one there look again
        -- (the channel of new work, WAKE_CHANNEL).
        IF was IS NOT NULL AND was <> '(waiting)' AND was <> p_origin THEN
          PERFORM pg_notify('corun_jobs', p_queue);
        END IF;
        RETURN QUERY SELECT ok, next_at, site.gap_ms, site.jitter_ms,
          -- now() among them: the times start at -infinity, which cannot be subtracted.
          CASE WHEN ok THEN 0::float8 ELSE (extract(epoch FROM
            greatest(site.next_start_at, site.paused_until, now()) - now()) * 1000)::float8 END,
          leased >= site.per_host;
      END
      $redirect$;
    `},{version:11,what:"each save path of a submit once, whichever worker saves it (corun_claim_save)",sql:`
      CREATE TABLE corun_saves (
        crawl bigint NOT NULL,
        path text NOT NULL,
        queue text NOT NULL,
        folder boolean NOT NULL,
        file text NOT NULL,
        task text NOT NULL,
        url text NOT NULL,
        per_fetch boolean NOT NULL,
        job bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX corun_saves_path ON corun_saves (crawl, md5(path));
      CREATE INDEX corun_saves_job ON corun_saves (job) WHERE NOT folder;

      -- Claims p_path (and its folders, p_folders) for job p_job's save in the job's crawl. Returns
      -- nothing when the claim holds; else the row it met: the same file another task saves (or
      -- another fetch, when either names it per fetch: {filename}), a folder some file needs where
      -- this one saves a file, or a file where this one needs a folder.
      CREATE FUNCTION corun_claim_save(p_job bigint, p_path text, p_folders text[], p_task text,
        p_url text, p_per_fetch boolean)
      RETURNS TABLE (held_path text, held_folder boolean, held_file text, held_task text,
        held_url text)
      LANGUAGE plpgsql AS $save$
      DECLARE
        v_queue text;
        v_crawl bigint;
        v_key text;
        v_hit corun_saves%ROWTYPE;
        v_met boolean := false;
      BEGIN
        SELECT j.queue, coalesce(j.crawl, j.id) INTO v_queue, v_crawl
        FROM corun_jobs j WHERE j.id = p_job;
        IF NOT FOUND THEN RETURN; END IF; -- removed by hand: no crawl to claim in
        BEGIN
          FOR v_key IN SELECT k.key FROM unnest(array_append(p_folders, p_path)) AS k(key)
            ORDER BY k.key COLLATE "C"
          LOOP
            -- Inserted, or the row that holds the key (a row being inserted is waited for; one
            -- removed meanwhile, a released claim, is inserted again).
            LOOP
              v_hit := NULL;
              INSERT INTO corun_saves (crawl, path, queue, folder, file, task, url, per_fetch, job)
              VALUES (v_crawl, v_key, v_queue, v_key <> p_path, p_path, p_task, p_url,
                p_per_fetch, p_job)
              ON CONFLICT (crawl, md5(path)) DO NOTHING;
              EXIT WHEN FOUND;
              SELECT * INTO v_hit FROM corun_saves s
              WHERE s.crawl = v_crawl AND md5(s.path) = md5(v_key)
              FOR SHARE;
              EXIT WHEN FOUND;
            END LOOP;
            IF v_hit.crawl IS NOT NULL AND (v_hit.folder <> (v_key <> p_path)
              OR (NOT v_hit.folder AND NOT (v_hit.task = p_task AND v_hit.per_fetch = p_per_fetch
                AND (NOT p_per_fetch OR v_hit.url = p_url))))
            THEN
              v_met := true;
              RAISE EXCEPTION USING ERRCODE = 'CR001';
            END IF;
          END LOOP;
        EXCEPTION WHEN SQLSTATE 'CR001' THEN
          NULL; -- the rows this claim took are gone with the block
        END;
        IF v_met THEN
          RETURN QUERY SELECT v_hit.path, v_hit.folder, v_hit.file, v_hit.task, v_hit.url;
        END IF;
      END
      $save$;
    `},{version:12,what:"a save claim reads the rows it meets without locking them (corun_claim_save)",sql:`
      CREATE OR REPLACE FUNCTION corun_claim_save(p_job bigint, p_path text, p_folders text[],
        p_task text, p_url text, p_per_fetch boolean)
      RETURNS TABLE (held_path text, held_folder boolean, held_file text, held_task text,
        held_url text)
      LANGUAGE plpgsql AS $save$
      DECLARE
        v_queue text;
        v_crawl bigint;
        v_key text;
        v_hit corun_saves%ROWTYPE;
        v_met boolean := false;
      BEGIN
        SELECT j.queue, coalesce(j.crawl, j.id) INTO v_queue, v_crawl
        FROM corun_jobs j WHERE j.id = p_job;
        IF NOT FOUND THEN RETURN; END IF; -- removed by hand: no crawl to claim in
        BEGIN
          FOR v_key IN SELECT k.key FROM unnest(array_append(p_folders, p_path)) AS k(key)
            ORDER BY k.key COLLATE "C"
          LOOP
            -- Inserted, or the row that holds the key, read without a lock: the unique index
            -- decides. The insert waits for another claim's insert of the key to commit or roll
            -- back, so a conflict is a committed row, which the SELECT after it (a statement of
            -- its own, with its own snapshot) sees; one removed meanwhile (a released claim) is
            -- inserted again, and one being removed is read as it was, as it would be a moment
            -- before. No statement updates a row: what it says is what a lock would have read.
            LOOP
              v_hit := NULL;
              INSERT INTO corun_saves (crawl, path, queue, folder, file, task, url, per_fetch, job)
              VALUES (v_crawl, v_key, v_queue, v_key <> p_path, p_path, p_task, p_url,
                p_per_fetch, p_job)
              ON CONFLICT (crawl, md5(path)) DO NOTHING;
              EXIT WHEN FOUND;
              SELECT * INTO v_hit FROM corun_saves s
              WHERE s.crawl = v_crawl AND md5(s.path) = md5(v_key);
              EXIT WHEN FOUND;
            END LOOP;
            IF v_hit.crawl IS NOT NULL AND (v_hit.folder <> (v_key <> p_path)
              OR (NOT v_hit.folder AND NOT (v_hit.task = p_task AND v_hit.per_fetch = p_per_fetch
                AND (NOT p_per_fetch OR v_hit.url = p_url))))
            THEN
              v_met := true;
              RAISE EXCEPTION USING ERRCODE = 'CR001';
            END IF;
          END LOOP;
        EXCEPTION WHEN SQLSTATE 'CR001' THEN
          NULL; -- the rows this claim took are gone with the block
        END;
        IF v_met THEN
          RETURN QUERY SELECT v_hit.path, v_hit.folder, v_hit.file, v_hit.task, v_hit.url;
        END IF;
      END
      $save$;
    `},{version:13,what:"a claim returns each job's crawl and its origin's pacing (corun_claim)",sql:`
      DROP FUNCTION corun_claim(text, text, integer, float8, bigint, boolean);
      CREATE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer,
        turn timestamptz, crawl bigint, gap_ms integer, jitter_ms integer)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        ids bigint[];
        next_at timestamptz;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND coalesce(l.held_at, l.origin) = o.origin
              AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND coalesce(l.held_at, l.origin) = site.origin
            AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          SELECT coalesce(array_agg(pick.id), '{}') INTO ids FROM (
            SELECT k.id FROM corun_jobs k
            WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
              AND k.not_before <= now()
              AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
            ORDER BY k.id
            LIMIT room
            FOR UPDATE SKIP LOCKED) pick;
          IF cardinality(ids) > 0 THEN
            next_at := NULL;
            IF corun_paced(site.gap_ms, site.jitter_ms) THEN
              UPDATE corun_origins o
              SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
              WHERE o.queue = p_queue AND o.origin = site.origin
              RETURNING o.next_start_at INTO next_at;
            END IF;
            RETURN QUERY
              UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
                lease_until = now() + p_lease_ms * interval '1 millisecond', held_at = NULL
              WHERE j.id = ANY(ids)
              RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt, next_at,
                coalesce(j.crawl, j.id), site.gap_ms, site.jitter_ms;
            got := got + cardinality(ids);
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `},{version:14,what:"a save path stays claimed while another fetch of its task holds it (holders)",sql:`
      ALTER TABLE corun_saves ADD COLUMN holders bigint[] NOT NULL DEFAULT '{}';
      CREATE INDEX corun_saves_holders ON corun_saves USING gin (holders)
        WHERE holders <> '{}';

      CREATE OR REPLACE FUNCTION corun_claim_save(p_job bigint, p_path text, p_folders text[],
        p_task text, p_url text, p_per_fetch boolean)
      RETURNS TABLE (held_path text, held_folder boolean, held_file text, held_task text,
        held_url text)
      LANGUAGE plpgsql AS $save$
      DECLARE
        v_queue text;
        v_crawl bigint;
        v_key text;
        v_hit corun_saves%ROWTYPE;
        v_met boolean := false;
      BEGIN
        SELECT j.queue, coalesce(j.crawl, j.id) INTO v_queue, v_crawl
        FROM corun_jobs j WHERE j.id = p_job;
        IF NOT FOUND THEN RETURN; END IF; -- removed by hand: no crawl to claim in
        BEGIN
          FOR v_key IN SELECT k.key FROM unnest(array_append(p_folders, p_path)) AS k(key)
            ORDER BY k.key COLLATE "C"
          LOOP
            -- Inserted, or the row that holds the key, read without a lock (migration 12).
            LOOP
              v_hit := NULL;
              INSERT INTO corun_saves (crawl, path, queue, folder, file, task, url, per_fetch, job)
              VALUES (v_crawl, v_key, v_queue, v_key <> p_path, p_path, p_task, p_url,
                p_per_fetch, p_job)
              ON CONFLICT (crawl, md5(path)) DO NOTHING;
              EXIT WHEN FOUND;
              SELECT * INTO v_hit FROM corun_saves s
              WHERE s.crawl = v_crawl AND md5(s.path) = md5(v_key);
              CONTINUE WHEN NOT FOUND;
              -- This task's file (this fetch's) held by another job: this one holds it too. The
              -- update waits for a report changing the row, and reads the row as it left it: gone
              -- (or another's), the key is claimed again.
              EXIT WHEN v_key <> p_path OR v_hit.folder OR v_hit.task <> p_task
                OR v_hit.per_fetch <> p_per_fetch OR (p_per_fetch AND v_hit.url <> p_url)
                OR v_hit.job = p_job OR p_job = ANY(v_hit.holders);
              -- Saved by one of them (done, for good): the row is never given up again, so
              -- this job adds nothing (holders stay the fetches in flight before a success;
              -- a crawl's pages rendering one path do not grow the row with each).
              EXIT WHEN EXISTS (SELECT 1 FROM corun_jobs j
                WHERE j.id = ANY(v_hit.job || v_hit.holders) AND j.state = 'done');
              UPDATE corun_saves s SET holders = s.holders || p_job
              WHERE s.crawl = v_crawl AND md5(s.path) = md5(v_key) AND NOT s.folder
                AND s.task = p_task AND s.per_fetch = p_per_fetch
                AND (NOT p_per_fetch OR s.url = p_url);
              EXIT WHEN FOUND;
            END LOOP;
            IF v_hit.crawl IS NOT NULL AND (v_hit.folder <> (v_key <> p_path)
              OR (NOT v_hit.folder AND NOT (v_hit.task = p_task AND v_hit.per_fetch = p_per_fetch
                AND (NOT p_per_fetch OR v_hit.url = p_url))))
            THEN
              v_met := true;
              RAISE EXCEPTION USING ERRCODE = 'CR001';
            END IF;
          END LOOP;
        EXCEPTION WHEN SQLSTATE 'CR001' THEN
          NULL; -- the rows this claim took are gone with the block
        END;
        IF v_met THEN
          RETURN QUERY SELECT v_hit.path, v_hit.folder, v_hit.file, v_hit.task, v_hit.url;
        END IF;
      END
      $save$;

      -- Gives back the files claimed by jobs p_jobs that did not end done (queued again, or
      -- failed; not one another worker holds now): each leaves the holders of the rows it was
      -- one of; a row it claimed goes to its next holder, or is deleted when it has none. The
      -- folders they needed stay claimed for the crawl.
      CREATE FUNCTION corun_release_saves(p_jobs bigint[])
      RETURNS void
      LANGUAGE plpgsql AS $release$
      DECLARE
        v_gone bigint[];
      BEGIN
        SELECT coalesce(array_agg(j.id), '{}') INTO v_gone FROM corun_jobs j
        WHERE j.id = ANY(p_jobs) AND j.state IN ('queued', 'failed');
        IF cardinality(v_gone) = 0 THEN RETURN; END IF;
        -- Locked first, in one order: a claim that added its job to a row's holders (uncommitted)
        -- is waited for, and seen by the statements below; a claim after waits for this report.
        PERFORM 1 FROM corun_saves s
        WHERE (s.job = ANY(v_gone) OR (s.holders && v_gone AND s.holders <> '{}')) AND NOT s.folder
        ORDER BY s.crawl, md5(s.path)
        FOR UPDATE;
        -- The jobs leave the holders, and so do those that ended without a save meanwhile
        -- (reported by a worker before version 14, which left them in): a row is handed on only to
        -- a fetch under way or done.
        UPDATE corun_saves s
        SET holders = ARRAY(SELECT h FROM unnest(s.holders) AS h
          WHERE NOT h = ANY(v_gone) AND EXISTS (SELECT 1 FROM corun_jobs j
            WHERE j.id = h AND j.state IN ('leased', 'done')))
        WHERE (s.job = ANY(v_gone) OR s.holders && v_gone) AND s.holders <> '{}' AND NOT s.folder;
        -- A row whose job is gone goes to a holder that saved there, if any (the row is then
        -- never given up: its other holders are dropped), else to the first still fetching.
        UPDATE corun_saves s SET (job, url, holders) = (
          SELECT h.id, coalesce(j.url, s.url),
            CASE WHEN j.state = 'done' THEN '{}'::bigint[] ELSE array_remove(s.holders, h.id) END
          FROM unnest(s.holders) WITH ORDINALITY AS h(id, n) LEFT JOIN corun_jobs j ON j.id = h.id
          ORDER BY j.state = 'done' DESC NULLS LAST, h.n
          LIMIT 1)
        WHERE s.job = ANY(v_gone) AND NOT s.folder AND s.holders <> '{}';
        DELETE FROM corun_saves s WHERE s.job = ANY(v_gone) AND NOT s.folder;
      END
      $release$;
    `},{version:15,what:"each job's run time, its submit's or fire's, for {date} (corun_claim)",sql:`
      ALTER TABLE corun_jobs ADD COLUMN run_at timestamptz;
      DROP FUNCTION corun_claim(text, text, integer, float8, bigint, boolean);
      CREATE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer,
        turn timestamptz, crawl bigint, gap_ms integer, jitter_ms integer, run_at timestamptz)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        ids bigint[];
        next_at timestamptz;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND coalesce(l.held_at, l.origin) = o.origin
              AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND coalesce(l.held_at, l.origin) = site.origin
            AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          SELECT coalesce(array_agg(pick.id), '{}') INTO ids FROM (
            SELECT k.id FROM corun_jobs k
            WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
              AND k.not_before <= now()
              AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
            ORDER BY k.id
            LIMIT room
            FOR UPDATE SKIP LOCKED) pick;
          IF cardinality(ids) > 0 THEN
            next_at := NULL;
            IF corun_paced(site.gap_ms, site.jitter_ms) THEN
              UPDATE corun_origins o
              SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
              WHERE o.queue = p_queue AND o.origin = site.origin
              RETURNING o.next_start_at INTO next_at;
            END IF;
            RETURN QUERY
              UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
                lease_until = now() + p_lease_ms * interval '1 millisecond', held_at = NULL
              WHERE j.id = ANY(ids)
              RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt, next_at,
                coalesce(j.crawl, j.id), site.gap_ms, site.jitter_ms,
                coalesce(j.run_at, j.created_at);
            got := got + cardinality(ids);
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `},{version:16,what:"the fetches under way when their queue was cancelled queue no links (db cancel)",sql:"ALTER TABLE corun_jobs ADD COLUMN cancelled_at timestamptz;"}],vn=Dt[Dt.length-1].version,ws=427071534446;async function It(t,e=vn){await jn(t);let n=Dt.filter(i=>i.version<=e),r=await As(t);return r!==void 0&&Un(r,n)?[]:await t.begin(async i=>{await i`SELECT pg_advisory_xact_lock(${ws})`,await i`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;let a=await i`SELECT version FROM corun_migrations`,o=new Set(a.map(l=>l.version));if(Un(o,n))return[];let c=[];for(let l of n)o.has(l.version)||(await i.unsafe(l.sql),await i`INSERT INTO corun_migrations (version, what) VALUES (${l.version}, ${l.what})`,c.push(l.version));return c})}async function As(t){let[e]=await t`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;if(!e.found)return;let n=await t`SELECT version FROM corun_migrations`;return new Set(n.map(r=>r.version))}function Un(t,e){let n=Math.max(0,...t),r=Math.max(0,...e.map(i=>i.version));if(n>r)throw new Error(`The database's corun tables are at version ${n}, newer than this corun's ${r}: upgrade corun on this machine`);return e.every(i=>t.has(i.version))}var kn=/\\u(?:0000|d[89a-f])/;function Re(t){let e=JSON.stringify(t);return kn.test(e)?JSON.stringify(t,Fn):e}function Cn(t){return kn.test(t)?JSON.stringify(JSON.parse(t),Fn):t}function Fn(t,e){return typeof e=="string"?e.replaceAll("\0","\uFFFD").toWellFormed():e}var Ne="corun_jobs",vt="corun_pauses",kt="corun_short",Ct=1668248181;function Ue(){return{links:[],done:[],leftOut:[],failed:[],retries:[],released:[],dropped:[],pauses:[],unusedTurns:[]}}function qn(t,e={}){on();let n=new URL(t),r=Rs(n);return yt(t,{...Os(n),...r===void 0?{}:{ssl:r},max:e.max??4,onnotice:i=>{i.severity==="WARNING"&&e.onNotice?.(String(i.message))},connection:{application_name:"corun"},connect_timeout:ln(t),backoff:Ss,fetch_types:!1,types:{bigint:{to:20,from:[20],serialize:i=>String(i),parse:i=>Number(i)},bigintArray:Hn(1016,i=>`{${i.join(",")}}`),textArray:Hn(1009,Ls)}})}function Rs(t){let e=un(t);if(e===void 0)return;let n=Wn(t)??t.hostname;return{rejectUnauthorized:!0,checkServerIdentity:e==="ca"?()=>{}:(r,i)=>In(n,i)}}function Os(t){let e=Wn(t);return e===void 0?void 0:{host:[e],port:[t.port===""?an:Number(t.port)]}}function Wn(t){return/^\[(.*)\]$/.exec(t.hostname)?.[1]}function Hn(t,e){return{to:t,from:[],serialize:e,parse:n=>n}}function Ls(t){return`{${t.map(e=>`"${e.replace(/[\\"]/g,"\\$&")}"`).join(",")}}`}function Ss(t){return(.5+Math.random()/2)*Math.min(.05*2**t,1)}var jt=class t{sql;url;#e=-1/0;#t=new Map;#l;constructor(e,n,r=!1){this.sql=e,this.url=n,this.#l=r}async transaction(e){return this.#l?await e(this):await this.sql.begin(n=>e(new t(n,this.url,!0)))}#c(e){return this.#l?e(this.sql):this.sql.begin(n=>e(n))}static async connect(e,n={}){let r=qn(e,n);try{await It(r)}catch(i){throw await r.end({timeout:1}),i}return new t(r,e)}async close(){await this.sql.end({timeout:1})}async saveOriginRules(e,n){if(n.length===0)return;let r=n.map(i=>it(e,i));await this.sql`
      INSERT INTO corun_origins ${this.sql(r)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`}async insertJobs(e,n,r,i){if(n.length===0)return[];let a=r===void 0?[]:[...new Set(n.map(o=>o.origin))].map(r);return await this.#c(async o=>{let c=await Mn(o,e,n,a,i);return n.some(l=>l.reservedFor===void 0)&&await o`SELECT pg_notify(${Ne}, ${e})`,c})}async claim(e,n,r,i,a){(performance.now()-this.#e>1e3||a!==void 0)&&(this.#e=performance.now(),await this.reapExpiredLeases(e));let o=await this.sql`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        corun_paced(c.gap_ms, c.jitter_ms) AS paced, c.gap_ms AS "gapMs",
        c.jitter_ms AS "jitterMs", c.turn::text, c.crawl, c.run_at AS "runAt"
      FROM corun_claim(${e}, ${n}, ${r}, ${i}, ${a?.id??null}::bigint,
        ${a?.nested??!1}) c`,c=a!==void 0;return o.map(({turn:l,...g})=>({...g,reserved:c,nextStart:l??void 0})).sort((l,g)=>l.id-g.id)}async takeTurn(e,n,r){let[i]=await this.sql`
      WITH turn AS (
        UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
        WHERE queue = ${e} AND origin = ${n} AND next_start_at <= now()
          AND paused_until <= now()
        RETURNING next_start_at::text AS next_start, gap_ms, jitter_ms)
      SELECT turn.next_start, turn.gap_ms, turn.jitter_ms,
        (SELECT (extract(epoch FROM greatest(next_start_at, paused_until, now()) - now()) * 1000)
          ::float8
          FROM corun_origins WHERE queue = ${e} AND origin = ${n}) AS wait_ms
      FROM (SELECT) AS one LEFT JOIN turn ON true`;return i.next_start!==null?{waitMs:0,nextStart:i.next_start,gapMs:i.gap_ms??0,jitterMs:i.jitter_ms??0}:i.wait_ms===null?r===void 0?{waitMs:0}:(await this.sql`
        INSERT INTO corun_origins ${this.sql(it(e,r))}
        ON CONFLICT (queue, origin) DO NOTHING`,await this.takeTurn(e,n)):{waitMs:Math.max(1,i.wait_ms)}}async redirectTurn(e,n,r,i,a){let o=it(e,a),[c]=await this.sql`
      SELECT granted, turn::text, gap_ms, jitter_ms, wait_ms, per_host_full
      FROM corun_redirect_turn(${e}, ${n}, ${r}::bigint, ${i}, ${o.per_host},
        ${o.gap_ms}, ${o.jitter_ms})`;if(c.granted)return{waitMs:0,nextStart:c.turn??void 0,gapMs:c.gap_ms,jitterMs:c.jitter_ms};let l=c.wait_ms>0?Math.max(1,c.wait_ms):0;return c.per_host_full?{waitMs:l,full:!0}:{waitMs:Math.max(1,l)}}async moveTurn(e,n,r){let[i]=await this.sql`
      UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
      WHERE queue = ${e} AND origin = ${n}
        AND next_start_at = ${r}::text::timestamptz AND paused_until <= now()
      RETURNING next_start_at::text AS next_start`;return i?.next_start}async reapExpiredLeases(e){let n=await this.sql`
      DELETE FROM corun_jobs j
      WHERE j.queue = ${e} AND j.reserved_for IS NOT NULL AND ${Ft(this.sql)}
      RETURNING j.id`,r=await this.sql`
      UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
        last_error = CASE WHEN j.lease_until < now()
          THEN 'the lease of worker ' || j.lease_owner || ' expired'
          ELSE 'worker ' || j.lease_owner || ' stopped' END
      WHERE j.queue = ${e} AND j.state = 'leased' AND j.reserved_for IS NULL
        AND ${Oe(this.sql)}
      RETURNING j.id`,i=n.length+r.length;return i>0&&await this.sql`SELECT pg_notify(${Ne}, ${e})`,i}async reservedWaitMs(e,n){let[r]=await this.sql`
      SELECT greatest(0, extract(epoch FROM
          greatest(j.not_before, o.next_start_at, o.paused_until) - now()) * 1000)::float8 AS wait_ms
      FROM corun_jobs j
      LEFT JOIN corun_origins o ON o.queue = j.queue AND o.origin = j.origin
      WHERE j.id = ${n} AND j.reserved_for = ${e} AND j.state IN ('queued', 'leased')`;return r?.wait_ms}async claimSave(e,n){let[r]=await this.sql`
      SELECT held_path AS path, held_folder AS folder, held_file AS file, held_task AS task,
        held_url AS url
      FROM corun_claim_save(${e}::bigint, ${n.path}, ${n.folders}::text[],
        ${n.task}, ${n.url}, ${n.perFetch})`;return r}async report(e,n,r){return await this.#c(async i=>{if(r.links.length>0){let T=new Map;for(let{job:p,rule:A}of r.links)T.has(p.origin)||T.set(p.origin,A);await Mn(i,e,r.links.map(p=>p.job),[...T.values()],void 0)}if(r.pauses.length>0){let T=r.pauses.map(p=>({origin:p.origin,for_ms:p.forMs}));await i`
          WITH p AS (
            SELECT origin, max(for_ms) AS for_ms
            FROM jsonb_to_recordset(${Re(T)}::text::jsonb)
              AS r(origin text, for_ms float8)
            GROUP BY origin),
          paused AS (
            UPDATE corun_origins o SET paused_until =
              greatest(o.paused_until, now() + p.for_ms * interval '1 millisecond')
            FROM p WHERE o.queue = ${e} AND o.origin = p.origin
            RETURNING o.origin, o.paused_until)
          SELECT pg_notify(${vt}, json_build_object('queue', ${e}::text,
            'origin', origin, 'ms', extract(epoch FROM paused_until - now()) * 1000)::text)
          FROM paused`}if(r.unusedTurns.length>0){let T=r.unusedTurns.map(({origin:p,nextStart:A})=>({origin:p,next_start:A}));await i`
          UPDATE corun_origins o SET next_start_at = least(o.next_start_at, now())
          FROM jsonb_to_recordset(${Re(T)}::text::jsonb)
            AS u(origin text, next_start text)
          WHERE o.queue = ${e} AND o.origin = u.origin
            AND o.next_start_at = u.next_start::timestamptz`}let a=await $n(i,n,"done",r.done),o=await $n(i,n,"skipped",r.leftOut),c=0;if(r.failed.length>0&&(c=xn(await i`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${Re(r.failed)}::text::jsonb)
            AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${n}
          RETURNING j.reserved_for IS NULL AS mine`)),r.retries.length>0){let T=r.retries.map(p=>({id:p.id,delay_ms:p.delayMs,payload:p.payload}));await i`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${Re(T)}::text::jsonb)
            AS r(id bigint, delay_ms float8, payload jsonb)
          WHERE j.id = r.id AND j.state = 'leased' AND j.lease_owner = ${n}`}r.released.length>0&&await i`
          UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
          WHERE id = ANY(${r.released}::bigint[]) AND state = 'leased'
            AND lease_owner = ${n}`;let l=[...r.failed.map(T=>T.id),...r.retries.map(T=>T.id),...r.released];l.length>0&&await i`SELECT corun_release_saves(${l}::bigint[])`,r.dropped.length>0&&await i`
          DELETE FROM corun_jobs
          WHERE id = ANY(${r.dropped}::bigint[]) AND reserved_for = ${n}
            AND state IN ('queued', 'leased')`,await i`
        UPDATE corun_workers SET last_seen = now(),
          done = done + ${a}, failed = failed + ${c}, skipped = skipped + ${o}
        WHERE id = ${n}`,await i`SELECT pg_notify(${Ne}, ${e})`;let g=[...r.done,...r.leftOut,...r.failed.map(T=>T.id)];if(g.length===0)return 0;let[O]=await i`
        SELECT count(*)::int AS jobs FROM corun_jobs
        WHERE id = ANY(${g}::bigint[]) AND reserved_for IS NULL`;return O.jobs-a-o-c})}async releaseUnknown(e,n,r){return(await this.sql`
      UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
      WHERE lease_owner = ${e} AND state = 'leased' AND NOT (id = ANY(${n}::bigint[]))
        AND (${r??null}::bigint IS NULL OR id = ${r??null}::bigint)
      RETURNING id`).length}async heartbeat(e,n,r){let i=await this.sql`
      UPDATE corun_jobs SET lease_until = now() + ${n} * interval '1 millisecond'
      WHERE lease_owner = ${e} AND state = 'leased' AND id = ANY(${r}::bigint[])
      RETURNING id`,a=this.#t.get(e);if(a===void 0)await this.sql`UPDATE corun_workers SET last_seen = now() WHERE id = ${e}`;else{let{queue:o,host:c,pid:l,leaseMs:g}=a;await this.sql`
        INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
        VALUES (${e}, ${o}, ${c}, ${l}, ${g})
        ON CONFLICT (id) DO UPDATE SET last_seen = now()`}return i.length}async openWork(e){let[n]=await this.sql`
      SELECT
        EXISTS (SELECT 1 FROM corun_jobs WHERE queue = ${e} AND state = 'queued'
          AND (reserved_for IS NULL OR NOT corun_owner_gone(reserved_for))) AS queued,
        EXISTS (SELECT 1 FROM corun_jobs WHERE queue = ${e} AND state = 'leased') AS leased,
        (SELECT (extract(epoch FROM
            min(greatest(o.next_start_at, o.paused_until, due.first)) - now()) * 1000)::float8
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT min(j.not_before) AS first FROM corun_jobs j
            WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
              AND j.reserved_for IS NULL) due
          WHERE o.queue = ${e} AND due.first IS NOT NULL) AS next_due_ms`;return{queued:n.queued,leased:n.leased,nextDueMs:n.next_due_ms===null?void 0:Math.max(0,n.next_due_ms)}}async tellShort(e){await this.sql`SELECT pg_notify(${kt}, ${e})`}async registerWorker(e,n,r,i,a=3e4){await this.sql`
      INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
      VALUES (${e}, ${n}, ${r}, ${i}, ${Math.ceil(a)})`,this.#t.set(e,{queue:n,host:r,pid:i,leaseMs:Math.ceil(a)})}async stopWorker(e){this.#t.delete(e),await this.#c(async n=>{await n`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${e}`;let r=await n`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${e} AND state = 'leased'
        RETURNING queue`;for(let i of new Set(r.map(a=>a.queue)))await n`SELECT pg_notify(${Ne}, ${i})`})}async insertResults(e,n,r){r.length!==0&&await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${e}, ${n}, line::jsonb
      FROM unnest(${r.map(Cn)}::text[]) AS t(line)`}async claimFire(e,n,r,i,a){return(await this.sql`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${e}, ${n}, ${r}, ${i}, ${a})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`)[0]?.id}async setFireJobs(e,n){await this.sql`UPDATE corun_fires SET jobs = ${n} WHERE id = ${e}`}async lastFire(e,n){let[r]=await this.sql`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${e} AND f.schedule = ${n} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;return r===void 0?void 0:{fireAt:r.fire_at,open:r.open}}async lastFiredAt(e,n){let[r]=await this.sql`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${e} AND schedule = ${n}`;return r?.at??void 0}};async function Mn(t,e,n,r,i){if(r.length>0){let l=r.map(g=>it(e,g)).sort((g,O)=>g.origin<O.origin?-1:g.origin>O.origin?1:0);await t`INSERT INTO corun_origins ${t(l)} ON CONFLICT (queue, origin) DO NOTHING`}let a=n.filter(l=>l.parent!==void 0),o=a.length===0?n:n.filter(l=>l.parent===void 0);return[...await bs(t,e,o,i),...await ys(t,e,a)].sort((l,g)=>l-g)}function Pn(t,e,n){return{queue:t,task:e.task,origin:e.origin,url:e.url,payload:e.payload,delay_ms:e.delayMs??0,fire_id:n??null,reserved_for:e.reservedFor??null,parent:e.parent??null}}async function bs(t,e,n,r){return n.length===0?[]:(await t`
    INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for,
      crawl, run_at)
    SELECT queue, task, origin, url, payload, now() + delay_ms * interval '1 millisecond', fire_id,
      reserved_for, txid_current(), now()
    FROM jsonb_to_recordset(${Re(n.map(a=>Pn(e,a,r)))}
      ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
      delay_ms float8, fire_id bigint, reserved_for text)
    RETURNING id`).map(a=>a.id)}async function ys(t,e,n){return n.length===0?[]:(await t`SELECT pg_advisory_xact_lock_shared(${Ct}::int, hashtext(${e}))`,(await t`
    WITH given AS MATERIALIZED (
      SELECT r.*, nextval('corun_jobs_id_seq') AS id
      FROM jsonb_to_recordset(${Re(n.map(i=>Pn(e,i,void 0)))}
        ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
        delay_ms float8, reserved_for text, parent bigint))
    INSERT INTO corun_jobs (id, queue, task, origin, url, payload, not_before, fire_id,
      reserved_for, crawl, linked_from, run_at)
    SELECT g.id, g.queue, g.task, g.origin, g.url, g.payload,
      now() + g.delay_ms * interval '1 millisecond', p.fire_id, g.reserved_for,
      coalesce(p.crawl, p.id), p.id, coalesce(p.run_at, p.created_at)
    FROM given g JOIN corun_jobs p ON p.id = g.parent
    WHERE p.cancelled_at IS NULL
    ORDER BY 10, md5(g.url)
    ON CONFLICT (crawl, md5(url)) WHERE linked_from IS NOT NULL DO NOTHING
    RETURNING id`).map(i=>i.id))}function Oe(t){return t`(j.lease_until < now() OR EXISTS (SELECT 1 FROM corun_workers w
    WHERE w.id = j.lease_owner AND w.stopped_at IS NOT NULL))`}function Ft(t){return t`(j.state IN ('queued', 'leased')
    AND ((j.state = 'leased' AND j.lease_until < now()) OR corun_owner_gone(j.reserved_for)))`}async function $n(t,e,n,r){return r.length===0?0:xn(await t`
    UPDATE corun_jobs SET state = ${n}, finished_at = now(), lease_owner = ${e},
      lease_until = NULL
    WHERE id = ANY(${r}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${e}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`)}function xn(t){return t.filter(e=>e.mine).length}function it(t,e){return{queue:t,origin:e.origin,per_host:e.perHost,gap_ms:Math.round(e.gapMs),jitter_ms:Math.round(e.jitterMs)}}var Ds=20;async function Is(t,e){return await t.sql.begin("isolation level repeatable read read only",n=>js(n,e))}async function Ht(t,e){return(await t`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${e??null}::text IS NULL OR queue = ${e??null}
    ORDER BY queue`).map(r=>r.queue)}async function Mt(t,e){let n=await Ht(t);return n.includes(e)?void 0:n}async function js(t,e){let n=[];for(let r of await Ht(t,e)){let i=await t`
      SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms,
        CASE WHEN o.paused_until > now() THEN o.paused_until END AS paused_until,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.not_before <= now() AND mine)::int
          AS ready,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.not_before > now() AND mine)::int
          AS waiting,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.attempt > 0 AND mine)::int AS retries,
        held.leased,
        count(j.id) FILTER (WHERE r.state = 'done' AND mine)::int AS done,
        count(j.id) FILTER (WHERE r.state = 'failed' AND mine)::int AS failed,
        count(j.id) FILTER (WHERE r.state = 'skipped' AND mine)::int AS skipped,
        count(j.id) FILTER (WHERE r.state IN ('queued', 'leased') AND NOT mine)::int
          AS in_callbacks
      FROM corun_origins o
      -- The queue's own jobs whose lease holds, counted where the claims count their place
      -- (migration 10): here once redirected here, nowhere while waiting for one ('(waiting)').
      CROSS JOIN LATERAL (SELECT count(*)::int AS leased FROM corun_jobs j
        WHERE j.queue = o.queue AND coalesce(j.held_at, j.origin) = o.origin
          AND j.state = 'leased' AND j.reserved_for IS NULL AND NOT ${Oe(t)}) held
      LEFT JOIN corun_jobs j ON j.queue = o.queue AND j.origin = o.origin
      -- The queue's own jobs; the others are reserved for a worker's callback (ctx.fetch). Each
      -- counted as the next claim finds it: a lapsed lease back in the queue (whether or not a
      -- worker runs to reap it), a lapsed callback's job gone.
      CROSS JOIN LATERAL (SELECT j.reserved_for IS NULL AS mine,
        CASE WHEN j.reserved_for IS NOT NULL AND ${Ft(t)} THEN 'gone'
          WHEN j.state = 'leased' AND j.reserved_for IS NULL AND ${Oe(t)} THEN 'queued'
          ELSE j.state END AS state) r
      WHERE o.queue = ${r}
      GROUP BY o.origin, o.per_host, o.gap_ms, o.jitter_ms, o.paused_until, held.leased
      ORDER BY o.origin`,a=await t`
      SELECT w.*, (SELECT count(*) FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state = 'leased' AND NOT ${Oe(t)})::int AS leases,
        corun_owner_gone(w.id) AS gone,
        (extract(epoch FROM now() - w.last_seen) * 1000)::float8 AS seen_ago_ms
      FROM corun_workers w WHERE w.queue = ${r}
      -- The running first: rows of stopped and killed workers are kept, and would push them out.
      ORDER BY gone, w.started_at DESC LIMIT ${Ds}`,o=await t`
      SELECT task, url, coalesce(last_error, '') AS error, finished_at
      FROM corun_jobs WHERE queue = ${r} AND state = 'failed'
      ORDER BY finished_at DESC LIMIT 10`,c=await t`
      SELECT schedule, fire_at, outcome, jobs, owner FROM corun_fires WHERE queue = ${r}
      ORDER BY fire_at DESC LIMIT 10`;n.push({queue:r,origins:i.map(l=>({origin:l.origin,ready:l.ready,waiting:l.waiting,retries:l.retries,leased:l.leased,done:l.done,failed:l.failed,skipped:l.skipped,inCallbacks:l.in_callbacks,perHost:l.origin===""?null:l.per_host,gapMs:l.gap_ms,jitterMs:l.jitter_ms,pausedUntil:ve(l.paused_until)})),workers:a.map(l=>({id:l.id,host:l.host,pid:l.pid,startedAt:ve(l.started_at),lastSeen:ve(l.last_seen),lastSeenAgoMs:Math.max(0,Math.round(l.seen_ago_ms)),stoppedAt:ve(l.stopped_at),state:l.stopped_at!==null?"stopped":l.gone?"gone":"running",leases:l.leases,done:l.done,failed:l.failed,skipped:l.skipped})),failures:o.map(l=>({task:l.task,url:l.url,error:l.error,at:ve(l.finished_at)})),fires:c.map(l=>({schedule:l.schedule,fireAt:ve(l.fire_at),outcome:l.outcome,jobs:l.jobs,owner:l.owner}))})}return n}function ve(t){return t instanceof Date?t.toISOString():null}async function Us(t,e){return await t.sql.begin(n=>vs(n,e))}async function vs(t,e){await t`SELECT pg_advisory_xact_lock(${Ct}::int, hashtext(${e}))`;let n={queue:e,jobs:0,retries:0,crawls:0,leased:0},r=await Mt(t,e);if(r!==void 0)return{...n,found:!1,queues:r};let i=await t`
    WITH open AS (
      SELECT DISTINCT coalesce(j.crawl, j.id) AS crawl FROM corun_jobs j
      WHERE j.queue = ${e} AND j.state IN ('queued', 'leased')),
    gone AS (
      DELETE FROM corun_jobs j
      WHERE j.queue = ${e} AND j.reserved_for IS NULL
        AND (j.state = 'queued' OR (j.state = 'leased' AND ${Oe(t)}))
      RETURNING coalesce(j.crawl, j.id) AS crawl, j.attempt > 0 AS retry),
    counted AS (
      SELECT crawl, count(*)::int AS jobs, count(*) FILTER (WHERE retry)::int AS retries
      FROM gone GROUP BY crawl)
    SELECT o.crawl, coalesce(c.jobs, 0) AS jobs, coalesce(c.retries, 0) AS retries
    FROM open o LEFT JOIN counted c ON c.crawl = o.crawl`;if(i.length===0)return{...n,found:!0};let[a]=await t`
    WITH marked AS (
      UPDATE corun_jobs j SET cancelled_at = coalesce(j.cancelled_at, now())
      WHERE j.queue = ${e} AND j.state IN ('queued', 'leased')
        AND coalesce(j.crawl, j.id) = ANY(${i.map(o=>o.crawl)}::bigint[])
      RETURNING j.state = 'leased' AND j.reserved_for IS NULL AS leased)
    SELECT count(*) FILTER (WHERE leased)::int AS leased FROM marked`;return await t`SELECT pg_notify(${Ne}, ${e})`,{...n,found:!0,jobs:i.reduce((o,c)=>o+c.jobs,0),retries:i.reduce((o,c)=>o+c.retries,0),crawls:i.filter(o=>o.jobs>0).length,leased:a.leased}}var ks=20,Wt=class{#e;#t;#l;#c;#i=[];#r=new Map;#s=new Map;#o=new Map;#h=new Map;#m=[];#E=!1;#g;#S;#k;#n=Ue();#b=Ue();#f;#_;#C=!1;#w;#F=!1;#x=new Set;#p=0;#H;#y=new Set;#B;#G;#a=!1;#A=!1;#Y=0;#X=0;#R;constructor(e){this.#e=e,this.#t=e.store,this.#l=e.leaseMs??3e4,this.#c=e.idleMs??2e3,this.#k=Math.ceil(e.concurrency/4)}async start(){let e=await this.#t.sql.listen(Ne,i=>{i===this.#e.queue&&this.#L()}),n=await this.#t.sql.listen(vt,i=>this.#_e(i)),r=await this.#t.sql.listen(kt,i=>{i===this.#e.queue&&this.#pe()});this.#B=async()=>{await e.unlisten(),await n.unlisten(),await r.unlisten()},this.#G=setInterval(()=>{this.#Ne(),this.#t.heartbeat(this.#e.worker,this.#l,this.#j()).catch(i=>{Me(i)?this.#v("extend its leases",i):this.#D(this.#U("extend its leases",i))})},Math.max(100,Math.floor(this.#l/3)))}async shutdown(){this.#a=!0,this.#A=!0,this.#oe(),clearInterval(this.#G),await this.#g;for(let e of this.#i.splice(0))this.#n.released.push(e.id);this.#r.clear();for(let e of this.#s.keys())this.#M(e);this.#s.clear();try{if(!await this.#ae())throw this.#Re()}finally{await this.#B?.().catch(()=>{})}}get reportRefused(){return this.#w!==void 0}#D(e){this.#S??=e,this.interrupt()}interrupt(){this.#a=!0,this.#oe()}put(e){return this.#n.links.push({job:this.#z(e,void 0),rule:this.#K(e)}),this.#u(),tn(void 0)}*#ue(e,n){let[r]=yield*this.#d("put a job",()=>this.#t.insertJobs(this.#e.queue,[this.#z(e,n)],()=>this.#K(e)));return r}#z(e,n){return{task:e.task,origin:e.origin,url:zn(e.payload),payload:this.#e.codec.encode(e.payload),delayMs:e.delayMs,reservedFor:n,parent:n===void 0?e.parent:void 0}}#K(e){return{origin:e.origin,...this.#e.rules(e.origin,e.task)}}*take(){for(;;){if(this.#S!==void 0&&!this.#F)throw this.#F=!0,this.#S;if(this.#a)return null;let e=this.#i.shift();if(e!==void 0){if(this.#s.set(e.id,e.origin),this.#i.length<this.#k&&this.#Te(),yield*this.#le(e))return e;continue}if(this.#A)return null;if(this.#E){let n=new sn("queued",r=>rn(this.#m,r));this.#m.push(n),yield*n.wait();continue}this.#E=!0;try{yield*this.#me()}finally{this.#E=!1,this.#se()}}}*#le(e){let n=this.#r.get(e.id);if(n===void 0||Yn(n))return!0;let r=!1;try{return r=(yield*this.#J(n))||(yield*this.#ce(n)),r}finally{r||this.#de(e.id)}}*#J(e){let n=e.nextStart;if(n===void 0||this.#N(e.origin)>0)return!1;let r=yield*this.#d("move an origin's turn",()=>this.#t.moveTurn(this.#e.queue,e.origin,n));return r===void 0?!1:(Gn(e,r),!0)}*#ce(e){let n=()=>this.#t.takeTurn(this.#e.queue,e.origin),r=yield*this.#d("take an origin's turn",n);return r.waitMs>0&&r.waitMs<=2*e.turnMs&&(yield*this.#O(r.waitMs),this.#a||(r=yield*this.#d("take an origin's turn",n))),r.waitMs!==0||this.#a?!1:(Gn(e,r.nextStart),!0)}*sending(e,n){let r=this.#r.get(e),i=this.#N(n)>0;if(r===void 0){i&&(yield*this.#q(n));return}!i&&r.origin===n&&(Yn(r)||(yield*this.#J(r)))||(yield*this.turnAt(n,r.task,e))}#I(e){return this.#r.delete(e),this.#s.delete(e)}#de(e){this.#I(e)&&(this.#n.released.push(e),this.#u())}*acquire(e,n){let r=yield*this.#ue(e,this.#e.worker);return this.#o.set(r,{origin:e.origin,url:zn(e.payload)}),yield*this.#V(r,n)}*turnAt(e,n,r){let i=r===void 0?void 0:this.#s.get(r);if(i!==void 0&&i!==e)return yield*this.#he(e,n,r);for(;!this.#a;){if(yield*this.#q(e),this.#a)return;let a=yield*this.#d("take an origin's turn",()=>this.#t.takeTurn(this.#e.queue,e,{origin:e,...this.#e.rules(e,n)}));if(a.waitMs>0){yield*this.#O(a.waitMs);continue}r!==void 0&&this.#s.has(r)&&this.#Q(r,e,n,a);return}}*#he(e,n,r){let{queue:i,worker:a}=this.#e,o={origin:e,...this.#e.rules(e,n)};for(;!this.#a;){if(yield*this.#q(e),this.#a)return;let c=this.#p,l=yield*this.#d("take a redirect's turn",()=>this.#t.redirectTurn(i,e,r,a,o));if(l.waitMs===0&&!l.full){if(!this.#s.has(r))return;this.#s.set(r,e),this.#Q(r,e,n,l);return}l.full&&this.#$(Fs),l.waitMs>0?yield*this.#O(l.waitMs):this.#p===c&&(yield*this.#T(50))}}#Q(e,n,r,i){let a={gapMs:i.gapMs??0,jitterMs:i.jitterMs??0};i.nextStart===void 0||a.gapMs===0&&a.jitterMs===0?this.#r.delete(e):this.#r.set(e,Jn(n,r,a,i.nextStart))}*again(e,n,r){if(!this.#s.has(e))throw new TypeError(`Cannot go again: job ${e} is not held`);return this.retryAfter(e,n),yield*this.#V(e,r)}*#V(e,n){let{queue:r,worker:i}=this.#e,a=this.#o.get(e),o;try{for(;;){let c=a===void 0?0:this.#N(a.origin);if(c>0){yield*this.#T(c);continue}let[l]=yield*this.#d("claim a job",()=>this.#t.claim(r,i,1,this.#l,{id:e,nested:n}),()=>this.#t.releaseUnknown(i,this.#j(),e));if(l===void 0){yield*this.#Ee(e,a?.url);continue}let g=this.#ie(l);if("problem"in g)throw this.#o.delete(e),new Error(`Cannot fetch ${l.url||`job ${e}`}: ${g.problem}`);if(this.#N(g.origin)>0){this.#n.released.push(e),this.#u();continue}return o=g,this.#s.set(o.id,n?void 0:o.origin),l.paced&&this.#r.set(o.id,Bn(l)),o}}finally{o===void 0&&this.#o.has(e)&&this.#fe(e)}}*#Ee(e,n){let r=yield*this.#d("look for a job",()=>this.#t.reservedWaitMs(this.#e.worker,e));if(r===void 0)throw this.#o.delete(e),new Error(`Cannot fetch ${n||`job ${e}`}: its job left the queue (this worker did not reach the database for longer than its lease, and was taken for gone)`);yield*r<=0?this.#T(50):this.#O(r)}*#O(e){this.#a||(yield*Kn(e,this.#y,"waiting for its time"))}#fe(e){this.#o.delete(e),this.#n.dropped.push(e),this.#u()}#M(e){this.#o.delete(e)?this.#n.dropped.push(e):this.#n.released.push(e)}*claimSave(e,n){return yield*this.#d("claim a save path",()=>this.#t.claimSave(e,n))}turnUnused(e){let n=this.#r.get(e),r=n?.nextStart;r!==void 0&&(n.nextStart=void 0,n.tookAtMs=-1/0,this.#n.unusedTurns.push({origin:n.origin,nextStart:r}),this.#u())}done(e){this.#Z(e,this.#n.done)}leftOut(e){this.#Z(e,this.#n.leftOut)}#Z(e,n){this.#I(e)&&(this.#o.delete(e),n.push(e),this.#u(),this.#L())}givesBack(e){return nn(e)}failed(e,n){this.#I(e)&&(this.#a?this.#M(e):this.givesBack(n)?this.#ee(e,`Job ${e} of queue "${this.#e.queue}" went back to the queue, as this worker may not fetch it: ${Xe(n)}`):(this.#o.delete(e),this.#n.failed.push({id:e,error:n===void 0?"failed":Xe(n)})),this.#u(),this.#L())}#ee(e,n){this.#M(e),this.#u(),this.#D(new Error(n))}retryAfter(e,n,r){this.#I(e)&&(this.#n.retries.push({id:e,delayMs:n,payload:r===void 0?null:this.#e.codec.encode(r)}),this.#u(),this.#L())}retryWaitMs(e,n,r){return Math.max(r,this.#N(e))}pauseOrigin(e,n){this.#n.pauses.push({origin:e,forMs:n}),this.#te(e,n),this.#u()}#_e(e){let n;try{n=JSON.parse(e)}catch{return}n.queue!==this.#e.queue||typeof n.origin!="string"||typeof n.ms=="number"&&n.ms>0&&this.#te(n.origin,n.ms)}#te(e,n){let r=performance.now()+n;r>(this.#h.get(e)??0)&&this.#h.set(e,r),this.#$(i=>i.origin!==e)}#pe(){let e=Math.max(0,this.#e.concurrency-this.#s.size),n=new Set(this.#i.slice(0,e));this.#$(r=>n.has(r))}#$(e){let n=this.#i.filter(e);if(n.length!==this.#i.length){for(let r of this.#i)e(r)||(this.#n.released.push(r.id),this.#r.delete(r.id));this.#i.splice(0,this.#i.length,...n),this.#u()}}*#q(e){for(;;){let n=this.#N(e);if(n<=0||this.#a)return;yield*this.#O(n)}}#Ne(){let e=performance.now();for(let[n,r]of this.#h)r<=e&&this.#h.delete(n)}get pausedOrigins(){return[...this.#h.keys()]}#N(e){let n=this.#h.get(e);if(n===void 0)return 0;let r=n-performance.now();return r>0?r:(this.#h.delete(e),0)}close(){}get refused(){return this.#Y}get endedLate(){return this.#X}counts(){return{queued:this.#i.length,leased:this.#s.size}}*#me(){if(this.#a){this.#A=!0;return}let e=this.#ne();if(e<=0){yield*this.#T(this.#c);return}let n=this.#p,r=yield*this.#d("claim jobs",()=>this.#t.claim(this.#e.queue,this.#e.worker,e,this.#l),()=>this.#t.releaseUnknown(this.#e.worker,this.#j()));if(this.#re(r),r.length>0&&(this.#H=void 0),this.#i.length>0||!(yield*ze(()=>this.#ae(),"report to the database")))return;let i=this.#e.queue,a=yield*this.#d("count open jobs",()=>this.#t.openWork(i));if(this.#e.drain&&!a.queued&&!a.leased&&this.#s.size===0){this.#A=!0;return}if(a.leased&&this.#ge()){let c={wakes:this.#p,atMs:performance.now()};yield*this.#d("ask for jobs claimed ahead",()=>this.#t.tellShort(i)),this.#H=c}if(this.#p!==n)return;let o=a.nextDueMs??this.#c;yield*this.#T(Math.min(this.#c,o<=0?50:Math.max(5,o)))}#ge(){let e=this.#H;return e===void 0||e.wakes!==this.#p||performance.now()-e.atMs>=this.#c}#ne(){return this.#e.concurrency+this.#k-this.#s.size-this.#i.length}#Te(){let e=this.#ne();if(this.#E||this.#a||e<=0)return;this.#E=!0;let{queue:n,worker:r}=this.#e;this.#g=this.#t.claim(n,r,e,this.#l).then(i=>{this.#re(i),this.#P()},i=>{if(!Me(i)){this.#D(this.#U("claim jobs",i));return}return this.#v("claim jobs",i),this.#t.releaseUnknown(r,this.#j()).then(()=>{},()=>{})}).finally(()=>{this.#E=!1,this.#g=void 0,this.#se()})}#re(e){let n=this.#n.released.length;for(let r of e){let i=this.#ie(r);"problem"in i||(this.#N(i.origin)>0?this.#n.released.push(i.id):(this.#i.push(i),r.paced&&this.#r.set(i.id,Bn(r))))}this.#n.released.length>n&&this.#u()}#se(){for(let e of this.#m.splice(0))e.give()}#ie(e){let n=this.#e.codec.decode(e.payload,e);return"problem"in n&&n.notMine?(this.#ee(e.id,`Queue "${this.#e.queue}" holds job ${e.id} (${e.url||"no URL"}) of another config: ${n.problem}; it went back to the queue, for a worker with that config`),n):"problem"in n?(this.#Y++,this.#e.warn(`Job ${e.id} (${e.url||"no URL"}): ${n.problem}`),this.#n.failed.push({id:e.id,error:n.problem}),this.#u(),n):{id:e.id,origin:e.origin,task:e.task,attempt:e.attempt,notBeforeMs:0,payload:n.payload,crawl:e.crawl}}*#T(e){yield*Kn(e,this.#x,"waiting for work")}#we(e){return new Promise(n=>{let r=()=>{clearTimeout(i),this.#y.delete(r),n()},i=setTimeout(r,e);this.#y.add(r)})}#L(){this.#p++;for(let e of this.#x)e()}#oe(){this.#L();for(let e of this.#y)e()}#u(){if(this.#n.pauses.length>0){clearTimeout(this.#_),this.#_=void 0,this.#W();return}this.#f!==void 0||this.#_!==void 0||(this.#_=setTimeout(()=>{this.#_=void 0,this.#W()},ks))}#W(){this.#f===void 0&&(this.#f=this.#Ae().then(e=>{this.#f=void 0,e?qt(this.#n)||this.#u():this.#C=!0}))}async#Ae(){for(let e=0;!qt(this.#n);e++){if(this.#w!==void 0)return!1;let n=this.#n;this.#n=Ue(),this.#b=n;try{return this.#X+=await this.#t.report(this.#e.queue,this.#e.worker,n),this.#b=Ue(),this.#P(),!0}catch(r){if(this.#b=Ue(),this.#n=Hs(n,this.#n),!Me(r))return this.#w=this.#U("report how its fetches ended",r),this.#D(this.#w),!1;if(this.#v("report how its fetches ended",r),this.#A&&e>=2)return!1;await this.#we(ct(e))}}return!0}async#ae(){for(this.#C=!1,clearTimeout(this.#_),this.#_=void 0;this.#f!==void 0||!qt(this.#n);)if(this.#f===void 0&&this.#W(),await this.#f,this.#C)return!1;return!0}#Re(){let e=$t(this.#n).length,n=this.#w,r=e===0?"Cannot report a pause an origin asked for to the database":`Cannot report ${e} fetch outcomes to the database; ${n===void 0?"their leases run out and ":""}other workers do them again`;return n===void 0||this.#F&&this.#S===n?new Error(r):new Error(`${n.message}; ${r[0].toLowerCase()}${r.slice(1)}`,{cause:n.cause})}#j(){return[...this.#s.keys(),...this.#i.map(e=>e.id),...$t(this.#n),...$t(this.#b)]}*#d(e,n,r){for(let i=0;;i++)try{i>0&&r!==void 0&&(yield*ze(r,e));let a=yield*ze(n,e);return this.#P(),a}catch(a){if(!Me(a))throw this.#U(e,a);this.#v(e,a),yield*this.#T(ct(i))}}#U(e,n){return new Error(`Worker ${this.#e.worker} cannot ${e}: ${Xn(n)}`,{cause:n})}#v(e,n){this.#R===void 0&&(this.#R=Date.now(),this.#e.warn(`Worker ${this.#e.worker} cannot ${e}: ${Xn(n)}; retrying with backoff`))}#P(){if(this.#R===void 0)return;let e=((Date.now()-this.#R)/1e3).toFixed(1);this.#R=void 0,this.#e.warn(`Worker ${this.#e.worker} reaches the database again (after ${e}s)`)}},Cs=2;function Bn(t){return Jn(t.origin,t.task,t,t.nextStart)}function Jn(t,e,n,r){return{origin:t,task:e,tookAtMs:performance.now(),graceMs:Math.min(Cs,n.gapMs/10),turnMs:n.gapMs+n.jitterMs,nextStart:r}}function Gn(t,e){t.tookAtMs=performance.now(),t.nextStart=e}function Yn(t){return performance.now()-t.tookAtMs<=t.graceMs}function Fs(){return!1}function Xn(t){let e=Xe(t),n=Zt(t);return n!==void 0&&!e.includes(n)?`${e} (${n})`:e}function zn(t){let e=t?.url;return typeof e=="string"?e:""}function $t(t){return[...t.done,...t.leftOut,...t.released,...t.failed.map(({id:e})=>e),...t.retries.map(({id:e})=>e)]}function qt(t){return t.links.length+t.done.length+t.leftOut.length+t.failed.length+t.retries.length+t.released.length+t.dropped.length+t.pauses.length+t.unusedTurns.length===0}function Hs(t,e){return{links:[...t.links,...e.links],done:[...t.done,...e.done],leftOut:[...t.leftOut,...e.leftOut],failed:[...t.failed,...e.failed],retries:[...t.retries,...e.retries],released:[...t.released,...e.released],dropped:[...t.dropped,...e.dropped],pauses:[...t.pauses,...e.pauses],unusedTurns:[...t.unusedTurns,...e.unusedTurns]}}function Kn(t,e,n){return en(r=>{let i=setTimeout(r,t),a=()=>r();return e.add(a),()=>{clearTimeout(i),e.delete(a)}},n)}async function Ms(t,e){return await t.sql.begin(n=>$s(n,e))}async function $s(t,e){let n=()=>t`(now() - ${e} * interval '1 millisecond')`,[{before:r}]=await t`SELECT ${n()} AS before`,[i]=await t`
    WITH ended AS (
      SELECT coalesce(crawl, id) AS crawl FROM corun_jobs
      GROUP BY 1
      HAVING bool_and(state IN ('done', 'failed', 'skipped') AND finished_at < ${n()})),
    gone AS (
      DELETE FROM corun_jobs j USING ended e WHERE coalesce(j.crawl, j.id) = e.crawl
      RETURNING e.crawl, j.reserved_for IS NULL AS mine)
    SELECT count(*)::int AS jobs, count(DISTINCT crawl) FILTER (WHERE mine)::int AS crawls
    FROM gone`,a=await t`
    DELETE FROM corun_saves s
    WHERE NOT EXISTS (SELECT 1 FROM corun_jobs j WHERE coalesce(j.crawl, j.id) = s.crawl)`,o=await t`DELETE FROM corun_results WHERE at < ${n()}`,c=await t`
    WITH newest AS (
      SELECT id, max(fired_at) OVER schedule AS fired, max(fire_at) OVER schedule AS fire_time,
        max(fired_at) FILTER (WHERE outcome = 'enqueued') OVER schedule AS enqueued
      FROM corun_fires
      WINDOW schedule AS (PARTITION BY queue, schedule))
    DELETE FROM corun_fires f USING newest n
    WHERE f.id = n.id AND f.fired_at < ${n()} AND f.fire_at < ${n()}
      AND f.fired_at < n.fired AND f.fire_at < n.fire_time
      AND (f.outcome <> 'enqueued' OR f.fired_at < n.enqueued)
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased'))`;await t`LOCK TABLE corun_origins IN SHARE ROW EXCLUSIVE MODE`;let[l]=await t`
    WITH gone AS (
      DELETE FROM corun_origins o
      WHERE NOT EXISTS (SELECT 1 FROM corun_jobs j WHERE j.queue = o.queue)
        AND NOT EXISTS (SELECT 1 FROM corun_origins p
          WHERE p.queue = o.queue AND p.paused_until > now())
      RETURNING o.queue)
    SELECT count(DISTINCT queue)::int AS queues FROM gone`,g=await t`
    DELETE FROM corun_workers w
    WHERE coalesce(w.stopped_at, w.last_seen + w.lease_ms * interval '1 millisecond') < ${n()}
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.reserved_for = w.id AND j.state IN ('queued', 'leased'))
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state IN ('queued', 'leased'))`;return{before:r.toISOString(),jobs:i.jobs,crawls:i.crawls,saves:a.count,results:o.count,fires:c.count,workers:g.count,queues:l.queues}}var Pt=class{#e;#t;#l;#c;#i;#r=[];#s;#o;#h=0;#m=0;constructor(e,n,r,i,a={}){this.#i=a.metadataFile,this.#e=e,this.#t=n,this.#l=r,this.#c=i}appendJson(e){this.#r.push(e),this.#r.length>1e5&&(this.#m+=this.#r.length-1e5,this.#r.splice(0,this.#r.length-1e5)),this.#E(100)}async close(){clearTimeout(this.#o),this.#o=void 0,await this.#s,this.#r.length>0&&await this.#g();let e=this.#r.length+this.#m;if(e>0){let n=this.#i===void 0?"":` (they are in the worker's metadata file, ${this.#i})`;this.#c(`Cannot copy ${e} metadata lines to the database${n}`)}}#E(e){this.#s!==void 0||this.#o!==void 0||(this.#o=setTimeout(()=>{this.#o=void 0,this.#s=this.#g().then(n=>{this.#s=void 0,this.#r.length>0&&this.#E(n?100:5e3)})},e))}async#g(){for(;this.#r.length>0;){let e=this.#r.slice(0,500);try{await this.#e.insertResults(this.#t,this.#l,e)}catch(n){return this.#h++===0&&this.#c(`Cannot copy metadata lines to the database: ${n.message}`),!1}this.#r.splice(0,e.length)}return!0}};export{Wt as PgFrontier,Pt as PgResultLog,jt as PgStore,vn as SCHEMA_VERSION,Us as cancelQueue,It as migrate,qn as postgresClient,Ms as pruneDatabase,Ht as queueNames,Is as queueStatus,Mt as queuesIfUnknown};
