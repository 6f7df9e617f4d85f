import{a as on,c as an,g as un,h as ln,i as $e,k as dt,l as cn}from"./chunk-JGG446XS.js";import{d as De,gb as rn,hb as sn,i as ze,n as en,o as Ke,sa as nn,z as tn}from"./chunk-TS5C2I2X.js";import _s from"node:os";import ps from"node:fs";var Je=new Map,ht=new Map,Et=Symbol("OriginError"),Ie={},te=class extends Promise{constructor(e,n,r,s,a={}){let o,c;super((l,g)=>{o=l,c=g}),this.tagged=Array.isArray(e.raw),this.strings=e,this.args=n,this.handler=r,this.canceller=s,this.options=a,this.state=null,this.statement=null,this.resolve=l=>(this.active=!1,o(l)),this.reject=l=>(this.active=!1,c(l)),this.active=!1,this.cancelled=null,this.executed=!1,this.signature="",this[Et]=this.handler.debug?new Error:this.tagged&&Yr(this.strings)}get origin(){return(this.handler.debug?this[Et].stack:this.tagged&&ht.has(this.strings)?ht.get(this.strings):ht.set(this.strings,this[Et].stack).get(this.strings))||""}static get[Symbol.species](){return Promise}cancel(){return this.canceller&&(this.canceller(this),this.canceller=null)}simple(){return this.options.simple=!0,this.options.prepare=!1,this}async readable(){return this.simple(),this.streaming=!0,this}async writable(){return this.simple(),this.streaming=!0,this}cursor(e=1,n){if(this.options.simple=!1,typeof e=="function"&&(n=e,e=1),this.cursorRows=e,typeof n=="function")return this.cursorFn=n,this;let r;return{[Symbol.asyncIterator]:()=>({next:()=>{if(this.executed&&!this.active)return{done:!0};r&&r();let s=new Promise((a,o)=>{this.cursorFn=c=>(a({value:c,done:!1}),new Promise(l=>r=l)),this.resolve=()=>(this.active=!1,a({done:!0})),this.reject=c=>(this.active=!1,o(c))});return this.execute(),s},return(){return r&&r(Ie),{done:!0}}})}}describe(){return this.options.simple=!1,this.onlyDescribe=this.options.prepare=!0,this}stream(){throw new Error(".stream has been renamed to .forEach")}forEach(e){return this.forEachFn=e,this.handle(),this}raw(){return this.isRaw=!0,this}values(){return this.isRaw="values",this}async handle(){!this.executed&&(this.executed=!0)&&await 1&&this.handler(this)}execute(){return this.handle(),this}then(){return this.handle(),super.then.apply(this,arguments)}catch(){return this.handle(),super.catch.apply(this,arguments)}finally(){return this.handle(),super.finally.apply(this,arguments)}};function Yr(t){if(Je.has(t))return Je.get(t);let e=Error.stackTraceLimit;return Error.stackTraceLimit=4,Je.set(t,new Error),Error.stackTraceLimit=e,Je.get(t)}var ge=class extends Error{constructor(e){super(e.message),this.name=this.constructor.name,Object.assign(this,e)}},q={connection:dn,postgres:hn,generic:En,notSupported:fn};function dn(t,e,n){let{host:r,port:s}=n||e,a=Object.assign(new Error("write "+t+" "+(e.path||r+":"+s)),{code:t,errno:t,address:e.path||r},e.path?{}:{port:s});return Error.captureStackTrace(a,dn),a}function hn(t){let e=new ge(t);return Error.captureStackTrace(e,hn),e}function En(t,e){let n=Object.assign(new Error(t+": "+e),{code:t});return Error.captureStackTrace(n,En),n}function fn(t){let e=Object.assign(new Error(t+" (B) is not supported"),{code:"MESSAGE_NOT_SUPPORTED",name:t});return Error.captureStackTrace(e,fn),e}var Xr={string:{to:25,from:null,serialize:t=>""+t},number:{to:0,from:[21,23,26,700,701],serialize:t=>""+t,parse:t=>+t},json:{to:114,from:[114,3802],serialize:t=>JSON.stringify(t),parse:t=>JSON.parse(t)},boolean:{to:16,from:16,serialize:t=>t===!0?"t":"f",parse:t=>t==="t"},date:{to:1184,from:[1082,1114,1184],serialize:t=>(t instanceof Date?t:new Date(t)).toISOString(),parse:t=>new Date(t)},bytea:{to:17,from:17,serialize:t=>"\\x"+Buffer.from(t).toString("hex"),parse:t=>Buffer.from(t.slice(2),"hex")}},qe=class{then(){ft()}catch(){ft()}finally(){ft()}},je=class extends qe{constructor(e){super(),this.value=et(e)}},oe=class extends qe{constructor(e,n,r){super(),this.value=e,this.type=n,this.array=r}},We=class extends qe{constructor(e,n){super(),this.first=e,this.rest=n}build(e,n,r,s){let a=zr.map(([o,c])=>({fn:c,i:e.search(o)})).sort((o,c)=>o.i-c.i).pop();return a.i===-1?gt(this.first,s):a.fn(this.first,this.rest,n,r,s)}};function Ze(t,e,n,r){let s=t instanceof oe?t.value:t;if(s===void 0&&(t instanceof oe?t.value=r.transform.undefined:s=t=r.transform.undefined,s===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return"$"+n.push(t instanceof oe?(e.push(t.value),t.array?t.array[t.type||Ve(t.value)]||t.type||Nn(t.value):t.type):(e.push(t),Ve(t)))}var pn=Tn(Xr);function mt(t,e,n,r,s,a){for(let o=1;o<t.strings.length;o++)e+=Nt(e,n,r,s,a)+t.strings[o],n=t.args[o];return e}function Nt(t,e,n,r,s){return e instanceof We?e.build(t,n,r,s):e instanceof te?pt(e,n,r,s):e instanceof je?e.value:e&&e[0]instanceof te?e.reduce((a,o)=>a+" "+pt(o,n,r,s),""):Ze(e,n,r,s)}function pt(t,e,n,r){return t.fragment=!0,mt(t,t.strings[0],t.args[0],e,n,r)}function mn(t,e,n,r,s){return t.map(a=>"("+r.map(o=>Nt("values",a[o],e,n,s)).join(",")+")").join(",")}function _n(t,e,n,r,s){let a=Array.isArray(t[0]),o=e.length?e.flat():Object.keys(a?t[0]:t);return mn(a?t:[t],n,r,o,s)}function Qe(t,e,n,r,s){if(typeof t=="string"&&(t=[t].concat(e)),Array.isArray(t))return gt(t,s);let a;return(e.length?e.flat():Object.keys(t)).map(c=>(a=t[c],(a instanceof te?pt(a,n,r,s):a instanceof je?a.value:Ze(a,n,r,s))+" as "+et(s.transform.column.to?s.transform.column.to(c):c))).join(",")}var zr=Object.entries({values:_n,in:(...t)=>{let e=_n(...t);return e==="()"?"(null)":e},select:Qe,as:Qe,returning:Qe,"\\(":Qe,update(t,e,n,r,s){return(e.length?e.flat():Object.keys(t)).map(a=>et(s.transform.column.to?s.transform.column.to(a):a)+"="+Nt("values",t[a],n,r,s))},insert(t,e,n,r,s){let a=e.length?e.flat():Object.keys(Array.isArray(t)?t[0]:t);return"("+gt(a,s)+")values"+mn(Array.isArray(t)?t:[t],n,r,a,s)}}).map(([t,e])=>[new RegExp("((?:^|[\\s(])"+t+"(?:$|[\\s(]))(?![\\s\\S]*\\1)","i"),e]);function ft(){throw q.generic("NOT_TAGGED_CALL","Query not called as a tagged template literal")}var Kr=pn.serializers,Jr=pn.parsers;function Nn(t){return Array.isArray(t)?Nn(t[0]):typeof t=="string"?1009:0}var gn=function(t){let e=Tn(t||{});return{serializers:Object.assign({},Kr,e.serializers),parsers:Object.assign({},Jr,e.parsers)}};function Tn(t){return Object.keys(t).reduce((e,n)=>(t[n].from&&[].concat(t[n].from).forEach(r=>e.parsers[r]=t[n].parse),t[n].serialize&&(e.serializers[t[n].to]=t[n].serialize,t[n].from&&[].concat(t[n].from).forEach(r=>e.serializers[r]=t[n].serialize)),e),{parsers:{},serializers:{}})}function gt(t,{transform:{column:e}}){return t.map(n=>et(e.to?e.to(n):n)).join(",")}var et=function(e){return'"'+e.replace(/"/g,'""').replace(/\./g,'"."')+'"'},Ve=function t(e){return e instanceof oe?e.type:e instanceof Date?1184:e instanceof Uint8Array?17:e===!0||e===!1?16:typeof e=="bigint"?20:Array.isArray(e)?t(e[0]):0},Qr=/\\/g,Vr=/"/g;function Zr(t){return t.replace(Qr,"\\\\").replace(Vr,'\\"')}var wn=function t(e,n,r,s){if(Array.isArray(e)===!1)return e;if(!e.length)return"{}";let a=e[0],o=s===1020?";":",";return Array.isArray(a)&&!a.type?"{"+e.map(c=>t(c,n,r,s)).join(o)+"}":"{"+e.map(c=>{if(c===void 0&&(c=r.transform.undefined,c===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return c===null?"null":'"'+Zr(n?n(c.type?c.value:c):""+c)+'"'}).join(o)+"}"},_t={i:0,char:null,str:"",quoted:!1,last:0},An=function(e,n,r){return _t.i=_t.last=0,Sn(_t,e,n,r)};function Sn(t,e,n,r){let s=[],a=r===1020?";":",";for(;t.i<e.length;t.i++){if(t.char=e[t.i],t.quoted)t.char==="\\"?t.str+=e[++t.i]:t.char==='"'?(s.push(n?n(t.str):t.str),t.str="",t.quoted=e[t.i+1]==='"',t.last=t.i+2):t.str+=t.char;else if(t.char==='"')t.quoted=!0;else if(t.char==="{")t.last=++t.i,s.push(Sn(t,e,n,r));else if(t.char==="}"){t.quoted=!1,t.last<t.i&&s.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1;break}else t.char===a&&t.p!=="}"&&t.p!=='"'&&(s.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1);t.p=t.char}return t.last<t.i&&s.push(n?n(e.slice(t.last,t.i+1)):e.slice(t.last,t.i+1)),s}var Te=t=>{let e=t[0];for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},we=t=>{let e=t[0].toUpperCase();for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},Ae=t=>t.replace(/_/g,"-"),Pe=t=>t.replace(/([A-Z])/g,"_$1").toLowerCase(),xe=t=>(t.slice(0,1)+t.slice(1).replace(/([A-Z])/g,"_$1")).toLowerCase(),Be=t=>t.replace(/-/g,"_");function Tt(t){return function e(n,r){return typeof n=="object"&&n!==null&&(r.type===114||r.type===3802)?Array.isArray(n)?n.map(s=>e(s,r)):Object.entries(n).reduce((s,[a,o])=>Object.assign(s,{[t(a)]:e(o,r)}),{}):n}}Te.column={from:Te};Te.value={from:Tt(Te)};Pe.column={to:Pe};var wt={...Te};wt.column.to=Pe;we.column={from:we};we.value={from:Tt(we)};xe.column={to:xe};var At={...we};At.column.to=xe;Ae.column={from:Ae};Ae.value={from:Tt(Ae)};Be.column={to:Be};var St={...Ae};St.column.to=Be;import On from"node:net";import rs from"node:tls";import Ge from"node:crypto";import Ot from"node:stream";import{performance as Rn}from"node:perf_hooks";var _e=class extends Array{constructor(){super(),Object.defineProperties(this,{count:{value:null,writable:!0},state:{value:null,writable:!0},command:{value:null,writable:!0},columns:{value:null,writable:!0},statement:{value:null,writable:!0}})}static get[Symbol.species](){return Array}};var ne=es;function es(t=[]){let e=t.slice(),n=0;return{get length(){return e.length-n},remove:r=>{let s=e.indexOf(r);return s===-1?null:(e.splice(s,1),r)},push:r=>(e.push(r),r),shift:()=>{let r=e[n++];return n===e.length?(n=0,e=[]):e[n-1]=void 0,r}}}var z=Buffer.allocUnsafe(256),ts="BCcDdEFfHPpQSX".split("").reduce((t,e)=>{let n=e.charCodeAt(0);return t[e]=()=>(z[0]=n,D.i=5,D),t},{}),D=Object.assign(ns,ts,{N:"\0",i:0,inc(t){return D.i+=t,D},str(t){let e=Buffer.byteLength(t);return tt(e),D.i+=z.write(t,D.i,e,"utf8"),D},i16(t){return tt(2),z.writeUInt16BE(t,D.i),D.i+=2,D},i32(t,e){return e||e===0?(z.writeUInt32BE(t,e),D):(tt(4),z.writeUInt32BE(t,D.i),D.i+=4,D)},z(t){return tt(t),z.fill(0,D.i,D.i+t),D.i+=t,D},raw(t){return z=Buffer.concat([z.subarray(0,D.i),t]),D.i=z.length,D},end(t=1){z.writeUInt32BE(D.i-t,t);let e=z.subarray(0,D.i);return D.i=0,z=Buffer.allocUnsafe(256),e}}),f=D;function tt(t){if(z.length-D.i<t){let e=z,n=e.length;z=Buffer.allocUnsafe(n+(n>>1)+t),e.copy(z)}}function ns(){return D.i=0,D}var Lt=yn,ss=1,pe=f().S().end(),Ln=f().H().end(),is=f().i32(8).i32(80877103).end(8),os=Buffer.concat([f().E().str(f.N).i32(0).end(),pe]),as=f().D().str("S").str(f.N).end(),Ue=()=>{},us=new Set(["FetchPreparedStatement","RevalidateCachedQuery","transformAssignedExpr"]),ls={83:"severity_local",86:"severity",67:"code",77:"message",68:"detail",72:"hint",80:"position",112:"internal_position",113:"internal_query",87:"where",115:"schema_name",116:"table_name",99:"column_name",100:"data type_name",110:"constraint_name",70:"file",76:"line",82:"routine"};function yn(t,e={},{onopen:n=Ue,onend:r=Ue,onclose:s=Ue}={}){let{sslnegotiation:a,ssl:o,max:c,user:l,host:g,port:O,database:T,parsers:p,transform:A,onnotice:k,onnotify:m,onparameter:x,max_pipeline:U,keep_alive:ie,backoff:re,target_session_attrs:Z}=t,R=ne(),he=ss++,ue={pid:null,secret:null},Re=Rt(lt,t.idle_timeout),Ne=Rt(lt,t.max_lifetime),L=Rt(ir,t.connect_timeout),E=null,le,V=null,b=new _e,K=Buffer.alloc(0),Le=t.fetch_types,ce={},d={},N=Math.random().toString(36).slice(2),v=1,W=0,H=0,w=0,y=0,F=0,M=0,P=0,J=null,I=null,de=!1,ae=null,Ee=null,G=null,C=null,j=null,ee=null,Ye=null,at=null,h=null,Ce=null,Y={queue:e.closed,idleTimer:Re,connect(i){G=i,Kt()},terminate:He,execute:Fe,cancel:tr,end:lt,count:0,id:he};return e.closed&&e.closed.push(Y),Y;async function er(){let i;try{i=t.socket?await Promise.resolve(t.socket(t)):new On.Socket}catch(u){ye(u);return}return i.on("error",ye),i.on("close",Jt),i.on("drain",Xt),i}async function tr({pid:i,secret:u},_,S){try{le=f().i32(16).i32(80877102).i32(i).i32(u).end(16),await zt(),E.once("error",S),E.once("close",_)}catch($){S($)}}function Fe(i){if(de)return Me(i,q.connection("CONNECTION_DESTROYED",t));if(j)return Me(i,q.generic("COPY_IN_PROGRESS","You cannot execute queries during copy"));if(!i.cancelled)try{return i.state=ue,h?R.push(i):(h=i,h.active=!0),sr(i),B(nr(i))&&!i.describeFirst&&!i.cursorFn&&R.length<U&&(!i.options.onexecute||i.options.onexecute(Y))}catch(u){return R.length===0&&B(pe),se(u),!0}}function nr(i){if(i.parameters.length>=65534)throw q.generic("MAX_PARAMETERS_EXCEEDED","Max number of parameters (65534) exceeded");return i.options.simple?f().Q().str(i.statement.string+f.N).end():i.describeFirst?Buffer.concat([Bt(i),Ln]):i.prepare?i.prepared?Xe(i):Buffer.concat([Bt(i),Xe(i)]):rr(i)}function Bt(i){return Buffer.concat([Vt(i.statement.string,i.parameters,i.statement.types,i.statement.name),xr("S",i.statement.name)])}function Xe(i){return Buffer.concat([Pr(i.parameters,i.statement.types,i.statement.name,i.cursorName),i.cursorFn?Zt("",i.cursorRows):os])}function rr(i){return Buffer.concat([Vt(i.statement.string,i.parameters,i.statement.types),as,Xe(i)])}function sr(i){let u=[],_=[],S=mt(i,i.strings[0],i.args[0],u,_,t);!i.tagged&&i.args.forEach($=>Ze($,u,_,t)),i.prepare=t.prepare&&("prepare"in i.options?i.options.prepare:!0),i.string=S,i.signature=i.prepare&&_+S,i.onlyDescribe&&delete d[i.signature],i.parameters=i.parameters||u,i.prepared=i.prepare&&i.signature in d,i.describeFirst=i.onlyDescribe||u.length&&!i.prepared,i.statement=i.prepared?d[i.signature]:{string:S,types:_,name:i.prepare?N+v++:""},typeof t.debug=="function"&&t.debug(he,S,u,_)}function B(i,u){return ee=ee?Buffer.concat([ee,i]):Buffer.from(i),u||ee.length>=1024?Gt(u):(I===null&&(I=setImmediate(Gt)),!0)}function Gt(i){let u=E.write(ee,i);return I!==null&&clearImmediate(I),ee=I=null,u}function ir(){se(q.connection("CONNECT_TIMEOUT",t,E)),E.destroy()}async function Yt(){if(a!=="direct"&&(B(is),!await new Promise(_=>E.once("data",S=>_(S[0]===83)))&&o==="prefer"))return be();let i={socket:E,servername:On.isIP(E.host)?void 0:E.host};a==="direct"&&(i.ALPNProtocols=["postgresql"]),o==="require"||o==="allow"||o==="prefer"?i.rejectUnauthorized=!1:typeof o=="object"&&Object.assign(i,o),E.removeAllListeners(),E=rs.connect(i),E.on("secureConnect",be),E.on("error",ye),E.on("close",Jt),E.on("drain",Xt)}function Xt(){!h&&n(Y)}function ut(i){if(!(ae&&(ae.push(i),H-=i.length,H>0)))for(K=ae?Buffer.concat(ae,F-H):K.length===0?i:Buffer.concat([K,i],K.length+i.length);K.length>4;){if(F=K.readUInt32BE(1),F>=K.length){H=F-K.length,ae=[K];break}try{or(K.subarray(0,F+1))}catch(u){h&&(h.cursorFn||h.describeFirst)&&B(pe),se(u)}K=K.subarray(F+1),H=0,ae=null}}async function zt(){if(de=!1,ce={},E||(E=await er()),!!E){if(L.start(),t.socket)return o?Yt():be();if(E.on("connect",o?Yt:be),t.path)return E.connect(t.path);E.ssl=o,E.connect(O[w],g[w]),E.host=g[w],E.port=O[w],w=(w+1)%O.length}}function Kt(){setTimeout(zt,W?Math.max(0,W+M-Rn.now()):0)}function be(){try{d={},Le=t.fetch_types,N=Math.random().toString(36).slice(2),v=1,Ne.start(),E.on("data",ut),ie&&E.setKeepAlive&&E.setKeepAlive(!0,1e3*ie);let i=Gr();B(i)}catch(i){ye(i)}}function ye(i){if(!(Y.queue===e.connecting&&t.host[y+1]))for(se(i);R.length;)Me(R.shift(),i)}function se(i){j&&(j.destroy(i),j=null),h&&Me(h,i),G&&(Me(G,i),G=null)}function Me(i,u){if(i.reserve)return i.reject(u);(!u||typeof u!="object")&&(u=new Error(u)),"query"in u||"parameters"in u||Object.defineProperties(u,{stack:{value:u.stack+i.origin.replace(/.*\n/,`
`),enumerable:t.debug},query:{value:i.string,enumerable:t.debug},parameters:{value:i.parameters,enumerable:t.debug},args:{value:i.args,enumerable:t.debug},types:{value:i.statement&&i.statement.types,enumerable:t.debug}}),i.reject(u)}function lt(){return C||(!Y.reserved&&r(Y),!Y.reserved&&!G&&!h&&R.length===0?(He(),new Promise(i=>E&&E.readyState!=="closed"?E.once("close",i):i())):C=new Promise(i=>Ye=i))}function He(){de=!0,(j||h||G||R.length)&&ye(q.connection("CONNECTION_DESTROYED",t)),clearImmediate(I),E&&(E.removeListener("data",ut),E.removeListener("connect",be),E.readyState==="open"&&E.end(f().X().end())),Ye&&(Ye(),C=Ye=null)}async function Jt(i){if(K=Buffer.alloc(0),H=0,ae=null,clearImmediate(I),E.removeListener("data",ut),E.removeListener("connect",be),Re.cancel(),Ne.cancel(),L.cancel(),E.removeAllListeners(),E=null,G)return Kt();!i&&(h||R.length)&&ye(q.connection("CONNECTION_CLOSED",t,E)),W=Rn.now(),i&&t.shared.retries++,M=(typeof re=="function"?re(t.shared.retries):re)*1e3,s(Y,q.connection("CONNECTION_CLOSED",t,E))}function or(i,u=i[0]){(u===68?ar:u===100?kr:u===65?yr:u===83?ur:u===90?lr:u===67?cr:u===50?Qt:u===49?dr:u===116?hr:u===84?Er:u===82?fr:u===110?Tr:u===75?wr:u===69?Lr:u===115?Dr:u===51?Ir:u===71?jr:u===78?Fr:u===72?Ur:u===99?Cr:u===73?Mr:u===86?Hr:u===118?$r:u===87?vr:qr)(i)}function ar(i){let u=7,_,S,$,X=h.isRaw?new Array(h.statement.columns.length):{};for(let Q=0;Q<h.statement.columns.length;Q++)S=h.statement.columns[Q],_=i.readInt32BE(u),u+=4,$=_===-1?null:h.isRaw===!0?i.subarray(u,u+=_):S.parser===void 0?i.toString("utf8",u,u+=_):S.parser.array===!0?S.parser(i.toString("utf8",u+1,u+=_)):S.parser(i.toString("utf8",u,u+=_)),h.isRaw?X[Q]=h.isRaw===!0?$:A.value.from?A.value.from($,S):$:X[S.name]=A.value.from?A.value.from($,S):$;h.forEachFn?h.forEachFn(A.row.from?A.row.from(X):X,b):b[P++]=A.row.from?A.row.from(X):X}function ur(i){let[u,_]=i.toString("utf8",5,i.length-1).split(f.N);ce[u]=_,t.parameters[u]!==_&&(t.parameters[u]=_,x&&x(u,_))}function lr(i){if(h?V?h.retried?se(h.retried):h.prepared&&us.has(V.routine)?br(h,V):se(V):h.resolve(Ee||b):V&&se(V),h=Ee=V=null,b=new _e,L.cancel(),G){if(Z){if(!ce.in_hot_standby||!ce.default_transaction_read_only)return Rr();if(Or(Z,ce))return He()}if(Le)return G.reserve&&(G=null),Ar();G&&!G.reserve&&Fe(G),t.shared.retries=y=0,G=null;return}for(;R.length&&(h=R.shift())&&(h.active=!0,h.cancelled);)yn(t).cancel(h.state,h.cancelled.resolve,h.cancelled.reject);h||(Y.reserved?!Y.reserved.release&&i[5]===73?C?He():(Y.reserved=null,n(Y)):Y.reserved():C?He():n(Y))}function cr(i){P=0;for(let u=i.length-1;u>0;u--)if(i[u]===32&&i[u+1]<58&&b.count===null&&(b.count=+i.toString("utf8",u+1,i.length-1)),i[u-1]>=65){b.command=i.toString("utf8",5,u),b.state=ue;break}if(Ce&&(Ce(),Ce=null),b.command==="BEGIN"&&c!==1&&!Y.reserved)return se(q.generic("UNSAFE_TRANSACTION","Only use sql.begin, sql.reserved or max: 1"));if(h.options.simple)return Qt();h.cursorFn&&(b.count&&h.cursorFn(b),B(pe))}function dr(){h.parsing=!1}function Qt(){!b.statement&&(b.statement=h.statement),b.columns=h.statement.columns}function hr(i){let u=i.readUInt16BE(5);for(let _=0;_<u;++_)!h.statement.types[_]&&(h.statement.types[_]=i.readUInt32BE(7+_*4));h.prepare&&(d[h.signature]=h.statement),h.describeFirst&&!h.onlyDescribe&&(B(Xe(h)),h.describeFirst=!1)}function Er(i){b.command&&(Ee=Ee||[b],Ee.push(b=new _e),b.count=null,h.statement.columns=null);let u=i.readUInt16BE(5),_=7,S;h.statement.columns=Array(u);for(let $=0;$<u;++$){for(S=_;i[_++]!==0;);let X=i.readUInt32BE(_),Q=i.readUInt16BE(_+4),fe=i.readUInt32BE(_+6);h.statement.columns[$]={name:A.column.from?A.column.from(i.toString("utf8",S,_-1)):i.toString("utf8",S,_-1),parser:p[fe],table:X,number:Q,type:fe},_+=18}if(b.statement=h.statement,h.onlyDescribe)return h.resolve(h.statement),B(pe)}async function fr(i,u=i.readUInt32BE(5)){(u===3?_r:u===5?pr:u===10?mr:u===11?Nr:u===12?gr:u!==0?Wr:Ue)(i,u)}async function _r(){let i=await ct();B(f().p().str(i).z(1).end())}async function pr(i){let u="md5"+await bn(Buffer.concat([Buffer.from(await bn(await ct()+l)),i.subarray(9)]));B(f().p().str(u).z(1).end())}async function mr(){at=(await Ge.randomBytes(18)).toString("base64"),f().p().str("SCRAM-SHA-256"+f.N);let i=f.i;B(f.inc(4).str("n,,n=*,r="+at).i32(f.i-i-4,i).end())}async function Nr(i){let u=i.toString("utf8",9).split(",").reduce((Q,fe)=>(Q[fe[0]]=fe.slice(2),Q),{}),_=await Ge.pbkdf2Sync(await ct(),Buffer.from(u.s,"base64"),parseInt(u.i),32,"sha256"),S=await rt(_,"Client Key"),$="n=*,r="+at+",r="+u.r+",s="+u.s+",i="+u.i+",c=biws,r="+u.r;J=(await rt(await rt(_,"Server Key"),$)).toString("base64");let X="c=biws,r="+u.r+",p="+ds(S,Buffer.from(await rt(await cs(S),$))).toString("base64");B(f().p().str(X).end())}function gr(i){i.toString("utf8",9).split(f.N,1)[0].slice(2)!==J&&(se(q.generic("SASL_SIGNATURE_MISMATCH","The server did not return the correct signature")),E.destroy())}function ct(){return Promise.resolve(typeof t.pass=="function"?t.pass():t.pass)}function Tr(){if(b.statement=h.statement,b.statement.columns=[],h.onlyDescribe)return h.resolve(h.statement),B(pe)}function wr(i){ue.pid=i.readUInt32BE(5),ue.secret=i.readUInt32BE(9)}async function Ar(){Le=!1,(await new te([`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `],[],Fe)).forEach(({oid:u,typarray:_})=>Sr(u,_))}function Sr(i,u){if(t.parsers[u]&&t.serializers[u])return;let _=t.parsers[i];t.shared.typeArrayMap[i]=u,t.parsers[u]=S=>An(S,_,u),t.parsers[u].array=!0,t.serializers[u]=S=>wn(S,t.serializers[i],t,u)}function Or(i,u){return i==="read-write"&&u.default_transaction_read_only==="on"||i==="read-only"&&u.default_transaction_read_only==="off"||i==="primary"&&u.in_hot_standby==="on"||i==="standby"&&u.in_hot_standby==="off"||i==="prefer-standby"&&u.in_hot_standby==="off"&&t.host[y]}function Rr(){let i=new te([`
      show transaction_read_only;
      select pg_catalog.pg_is_in_recovery()
    `],[],Fe,null,{simple:!0});i.resolve=([[u],[_]])=>{ce.default_transaction_read_only=u.transaction_read_only,ce.in_hot_standby=_.pg_is_in_recovery?"on":"off"},i.execute()}function Lr(i){h?((h.cursorFn||h.describeFirst)&&B(pe),V=q.postgres(nt(i))):se(q.postgres(nt(i)))}function br(i,u){delete d[i.signature],i.retried=u,Fe(i)}function yr(i){if(!m)return;let u=9;for(;i[u++]!==0;);m(i.toString("utf8",9,u-1),i.toString("utf8",u,i.length-1))}async function Dr(){try{let i=await Promise.resolve(h.cursorFn(b));P=0,i===Ie?B(Br(h.portal)):(b=new _e,B(Zt("",h.cursorRows)))}catch(i){B(pe),h.reject(i)}}function Ir(){b.count&&h.cursorFn(b),h.resolve(b)}function jr(){j=new Ot.Writable({autoDestroy:!0,write(i,u,_){E.write(f().d().raw(i).end(),_)},destroy(i,u){u(i),E.write(f().f().str(i+f.N).end()),j=null},final(i){E.write(f().c().end()),Ce=i,j=null}}),h.resolve(j)}function Ur(){j=new Ot.Readable({read(){E.resume()}}),h.resolve(j)}function vr(){j=new Ot.Duplex({autoDestroy:!0,read(){E.resume()},write(i,u,_){E.write(f().d().raw(i).end(),_)},destroy(i,u){u(i),E.write(f().f().str(i+f.N).end()),j=null},final(i){E.write(f().c().end()),Ce=i}}),h.resolve(j)}function kr(i){j&&(j.push(i.subarray(5))||E.pause())}function Cr(){j&&j.push(null),j=null}function Fr(i){k?k(nt(i)):console.log(nt(i))}function Mr(){}function Hr(){se(q.notSupported("FunctionCallResponse"))}function $r(){se(q.notSupported("NegotiateProtocolVersion"))}function qr(i){console.error("Postgres.js : Unknown Message:",i[0])}function Wr(i,u){console.error("Postgres.js : Unknown Auth:",u)}function Pr(i,u,_="",S=""){let $,X;return f().B().str(S+f.N).str(_+f.N).i16(0).i16(i.length),i.forEach((Q,fe)=>{if(Q===null)return f.i32(4294967295);X=u[fe],i[fe]=Q=X in t.serializers?t.serializers[X](Q):""+Q,$=f.i,f.inc(4).str(Q).i32(f.i-$-4,$)}),f.i16(0),f.end()}function Vt(i,u,_,S=""){return f().P().str(S+f.N).str(i+f.N).i16(u.length),u.forEach(($,X)=>f.i32(_[X]||0)),f.end()}function xr(i,u=""){return f().D().str(i).str(u+f.N).end()}function Zt(i="",u=0){return Buffer.concat([f().E().str(i+f.N).i32(u).end(),Ln])}function Br(i=""){return Buffer.concat([f().C().str("P").str(i+f.N).end(),f().S().end()])}function Gr(){return le||f().inc(4).i16(3).z(2).str(Object.entries(Object.assign({user:l,database:T,client_encoding:"UTF8"},t.connection)).filter(([,i])=>i).map(([i,u])=>i+f.N+u).join(f.N)).z(2).end(0)}}function nt(t){let e={},n=5;for(let r=5;r<t.length-1;r++)t[r]===0&&(e[ls[t[n]]]=t.toString("utf8",n+1,r),n=r+1);return e}function bn(t){return Ge.createHash("md5").update(t).digest("hex")}function rt(t,e){return Ge.createHmac("sha256",t).update(e).digest()}function cs(t){return Ge.createHash("sha256").update(t).digest()}function ds(t,e){let n=Math.max(t.length,e.length),r=Buffer.allocUnsafe(n);for(let s=0;s<n;s++)r[s]=t[s]^e[s];return r}function Rt(t,e){if(e=typeof e=="function"?e():e,!e)return{cancel:Ue,start:Ue};let n;return{cancel(){n&&(clearTimeout(n),n=null)},start(){n&&clearTimeout(n),n=setTimeout(r,e*1e3,arguments)}};function r(s){t.apply(null,s),n=null}}var Dn=()=>{};function bt(t,e){let n=new Map,r="postgresjs_"+Math.random().toString(36).slice(2),s={},a,o,c=!1,l=T.sql=t({...e,transform:{column:{},value:{},row:{}},max:1,fetch_types:!1,idle_timeout:null,max_lifetime:null,connection:{...e.connection,replication:"database"},onclose:async function(){c||(o=null,s.pid=s.secret=void 0,p(await A(l,r,e.publications)),n.forEach(m=>m.forEach(({onsubscribe:x})=>x())))},no_subscribe:!0}),g=l.end,O=l.close;return l.end=async()=>(c=!0,o&&await new Promise(m=>(o.once("close",m),o.end())),g()),l.close=async()=>(o&&await new Promise(m=>(o.once("close",m),o.end())),O()),T;async function T(m,x,U=Dn,ie=Dn){m=fs(m),a||(a=A(l,r,e.publications));let re={fn:x,onsubscribe:U},Z=n.has(m)?n.get(m).add(re):n.set(m,new Set([re])).get(m),R=()=>{Z.delete(re),Z.size===0&&n.delete(m)};return a.then(he=>(p(he),U(),o&&o.on("error",ie),{unsubscribe:R,state:s,sql:l}))}function p(m){o=m.stream,s.pid=m.state.pid,s.secret=m.state.secret}async function A(m,x,U){if(!U)throw new Error("Missing publication names");let ie=await m.unsafe(`CREATE_REPLICATION_SLOT ${x} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`),[re]=ie,Z=await m.unsafe(`START_REPLICATION SLOT ${x} LOGICAL ${re.consistent_point} (proto_version '1', publication_names '${U}')`).writable(),R={lsn:Buffer.concat(re.consistent_point.split("/").map(L=>Buffer.from(("00000000"+L).slice(-8),"hex")))};return Z.on("data",ue),Z.on("error",he),Z.on("close",m.close),{stream:Z,state:ie.state};function he(L){console.error("Unexpected error during logical streaming - reconnecting",L)}function ue(L){L[0]===119?Es(L.subarray(25),R,m.options.parsers,Re,e.transform):L[0]===107&&L[17]&&(R.lsn=L.subarray(1,9),Ne())}function Re(L,E){let le=E.relation.schema+"."+E.relation.table;k("*",L,E),k("*:"+le,L,E),E.relation.keys.length&&k("*:"+le+"="+E.relation.keys.map(V=>L[V.name]),L,E),k(E.command,L,E),k(E.command+":"+le,L,E),E.relation.keys.length&&k(E.command+":"+le+"="+E.relation.keys.map(V=>L[V.name]),L,E)}function Ne(){let L=Buffer.alloc(34);L[0]=114,L.fill(R.lsn,1),L.writeBigInt64BE(BigInt(Date.now()-Date.UTC(2e3,0,1))*BigInt(1e3),25),Z.write(L)}}function k(m,x,U){n.has(m)&&n.get(m).forEach(({fn:ie})=>ie(x,U,m))}}function hs(t){return new Date(Date.UTC(2e3,0,1)+Number(t/BigInt(1e3)))}function Es(t,e,n,r,s){let a=(o,[c,l])=>(o[c.charCodeAt(0)]=l,o);Object.entries({R:o=>{let c=1,l=e[o.readUInt32BE(c)]={schema:o.toString("utf8",c+=4,c=o.indexOf(0,c))||"pg_catalog",table:o.toString("utf8",c+1,c=o.indexOf(0,c+1)),columns:Array(o.readUInt16BE(c+=2)),keys:[]};c+=2;let g=0,O;for(;c<o.length;)O=l.columns[g++]={key:o[c++],name:s.column.from?s.column.from(o.toString("utf8",c,c=o.indexOf(0,c))):o.toString("utf8",c,c=o.indexOf(0,c)),type:o.readUInt32BE(c+=1),parser:n[o.readUInt32BE(c)],atttypmod:o.readUInt32BE(c+=4)},O.key&&l.keys.push(O),c+=4},Y:()=>{},O:()=>{},B:o=>{e.date=hs(o.readBigInt64BE(9)),e.lsn=o.subarray(1,9)},I:o=>{let c=1,l=e[o.readUInt32BE(c)],{row:g}=st(o,l.columns,c+=7,s);r(g,{command:"insert",relation:l})},D:o=>{let c=1,l=e[o.readUInt32BE(c)];c+=4;let g=o[c]===75;r(g||o[c]===79?st(o,l.columns,c+=3,s).row:null,{command:"delete",relation:l,key:g})},U:o=>{let c=1,l=e[o.readUInt32BE(c)];c+=4;let g=o[c]===75,O=g||o[c]===79?st(o,l.columns,c+=3,s):null;O&&(c=O.i);let{row:T}=st(o,l.columns,c+3,s);r(T,{command:"update",relation:l,key:g,old:O&&O.row})},T:()=>{},C:()=>{}}).reduce(a,{})[t[0]](t)}function st(t,e,n,r){let s,a,o,c=r.raw?new Array(e.length):{};for(let l=0;l<e.length;l++)s=t[n++],a=e[l],o=s===110?null:s===117?void 0:a.parser===void 0?t.toString("utf8",n+4,n+=4+t.readUInt32BE(n)):a.parser.array===!0?a.parser(t.toString("utf8",n+5,n+=4+t.readUInt32BE(n))):a.parser(t.toString("utf8",n+4,n+=4+t.readUInt32BE(n))),r.raw?c[l]=r.raw===!0?o:r.value.from?r.value.from(o,a):o:c[a.name]=r.value.from?r.value.from(o,a):o;return{i:n,row:r.row.from?r.row.from(c):c}}function fs(t){let e=t.match(/^(\*|insert|update|delete)?:?([^.]+?\.?[^=]+)?=?(.+)?/i)||[];if(!e)throw new Error("Malformed subscribe pattern: "+t);let[,n,r,s]=e;return(n||"*")+(r?":"+(r.indexOf(".")===-1?"public."+r:r):"")+(s?"="+s:"")}import In from"node:stream";function yt(t,e,n=393216){return new Promise(async(r,s)=>{await t.begin(async a=>{let o;!e&&([{oid:e}]=await a`select lo_creat(-1) as oid`);let[{fd:c}]=await a`select lo_open(${e}, ${n}) as fd`,l={writable:O,readable:g,close:()=>a`select lo_close(${c})`.then(o),tell:()=>a`select lo_tell64(${c})`,read:T=>a`select loread(${c}, ${T}) as data`,write:T=>a`select lowrite(${c}, ${T})`,truncate:T=>a`select lo_truncate64(${c}, ${T})`,seek:(T,p=0)=>a`select lo_lseek64(${c}, ${T}, ${p})`,size:()=>a`
          select
            lo_lseek64(${c}, location, 0) as position,
            seek.size
          from (
            select
              lo_lseek64($1, 0, 2) as size,
              tell.location
            from (select lo_tell64($1) as location) tell
          ) seek
        `};return r(l),new Promise(async T=>o=T);async function g({highWaterMark:T=2048*8,start:p=0,end:A=1/0}={}){let k=A-p;return p&&await l.seek(p),new In.Readable({highWaterMark:T,async read(m){let x=m>k?m-k:m;k-=m;let[{data:U}]=await l.read(x);this.push(U),U.length<m&&this.push(null)}})}async function O({highWaterMark:T=2048*8,start:p=0}={}){return p&&await l.seek(p),new In.Writable({highWaterMark:T,write(A,k,m){l.write(A).then(()=>m(),m)}})}}).catch(s)})}Object.assign(it,{PostgresError:ge,toPascal:we,pascal:At,toCamel:Te,camel:wt,toKebab:Ae,kebab:St,fromPascal:xe,fromCamel:Pe,fromKebab:Be,BigInt:{to:20,from:[20],parse:t=>BigInt(t),serialize:t=>t.toString()}});var Dt=it;function it(t,e){let n=ms(t,e),r=n.no_subscribe||bt(it,{...n}),s=!1,a=ne(),o=ne(),c=ne(),l=ne(),g=ne(),O=ne(),T=ne(),p=ne(),A={connecting:o,reserved:c,closed:l,ended:g,open:O,busy:T,full:p},k=[...Array(n.max)].map(()=>Lt(n,A,{onopen:Le,onend:K,onclose:ce})),m=x(Re);return Object.assign(m,{get parameters(){return n.parameters},largeObject:yt.bind(null,m),subscribe:r,CLOSE:Ie,END:Ie,PostgresError:ge,options:n,reserve:re,listen:U,begin:Z,close:le,end:E}),m;function x(d){return d.debug=n.debug,Object.entries(n.types).reduce((w,[y,F])=>(w[y]=M=>new oe(M,F.to),w),N),Object.assign(v,{types:N,typed:N,unsafe:W,notify:ie,array:ue,json:he,file:H}),v;function N(w,y){return new oe(w,y)}function v(w,...y){return w&&Array.isArray(w.raw)?new te(w,y,d,L):typeof w=="string"&&!y.length?new je(n.transform.column.to?n.transform.column.to(w):w):new We(w,y)}function W(w,y=[],F={}){return arguments.length===2&&!Array.isArray(y)&&(F=y,y=[]),new te([w],y,d,L,{prepare:!1,...F,simple:"simple"in F?F.simple:y.length===0})}function H(w,y=[],F={}){return arguments.length===2&&!Array.isArray(y)&&(F=y,y=[]),new te([],y,P=>{ps.readFile(w,"utf8",(J,I)=>{if(J)return P.reject(J);P.strings=[I],d(P)})},L,{...F,simple:"simple"in F?F.simple:y.length===0})}}async function U(d,N,v){let W={fn:N,onlisten:v},H=U.sql||(U.sql=it({...n,max:1,idle_timeout:null,max_lifetime:null,fetch_types:!1,onclose(){Object.entries(U.channels).forEach(([P,{listeners:J}])=>{delete U.channels[P],Promise.all(J.map(I=>U(P,I.fn,I.onlisten).catch(()=>{})))})},onnotify(P,J){P in U.channels&&U.channels[P].listeners.forEach(I=>I.fn(J))}})),w=U.channels||(U.channels={});if(d in w){w[d].listeners.push(W);let P=await w[d].result;return W.onlisten&&W.onlisten(),{state:P.state,unlisten:M}}w[d]={result:H`listen ${H.unsafe('"'+d.replace(/"/g,'""')+'"')}`,listeners:[W]};let F=await w[d].result;return W.onlisten&&W.onlisten(),{state:F.state,unlisten:M};async function M(){if(d in w&&(w[d].listeners=w[d].listeners.filter(P=>P!==W),!w[d].listeners.length))return delete w[d],H`unlisten ${H.unsafe('"'+d.replace(/"/g,'""')+'"')}`}}async function ie(d,N){return await m`select pg_notify(${d}, ${""+N})`}async function re(){let d=ne(),N=O.length?O.shift():await new Promise((H,w)=>{let y={reserve:H,reject:w};a.push(y),l.length&&b(l.shift(),y)});R(N,c),N.reserved=()=>d.length?N.execute(d.shift()):R(N,c),N.reserved.release=!0;let v=x(W);return v.release=()=>{N.reserved=null,Le(N)},v;function W(H){N.queue===p?d.push(H):N.execute(H)||R(N,p)}}async function Z(d,N){!N&&(N=d,d="");let v=ne(),W=0,H,w=null;try{return await m.unsafe("begin "+d.replace(/[^a-z ]/ig,""),[],{onexecute:F}).execute(),await Promise.race([y(H,N),new Promise((M,P)=>H.onclose=P)])}catch(M){throw M}async function y(M,P,J){let I=x(G);I.savepoint=Ee,I.prepare=C=>w=C.replace(/[^a-z0-9$-_. ]/gi);let de,ae;J&&await I`savepoint ${I(J)}`;try{if(ae=await new Promise((C,j)=>{let ee=P(I);Promise.resolve(Array.isArray(ee)?Promise.all(ee):ee).then(C,j)}),de)throw de}catch(C){throw await(J?I`rollback to ${I(J)}`:I`rollback`),C instanceof ge&&C.code==="25P02"&&de||C}return J||(w?await I`prepare transaction '${I.unsafe(w)}'`:await I`commit`),ae;function Ee(C,j){return C&&Array.isArray(C.raw)?Ee(ee=>ee.apply(ee,arguments)):(arguments.length===1&&(j=C,C=null),y(M,j,"s"+W+++(C?"_"+C:"")))}function G(C){C.catch(j=>de||(de=j)),M.queue===p?v.push(C):M.execute(C)||R(M,p)}}function F(M){H=M,R(M,c),M.reserved=()=>v.length?M.execute(v.shift()):R(M,c)}}function R(d,N){return d.queue.remove(d),N.push(d),d.queue=N,N===O?d.idleTimer.start():d.idleTimer.cancel(),d}function he(d){return new oe(d,3802)}function ue(d,N){return Array.isArray(d)?new oe(d,N||(d.length?Ve(d)||25:0),n.shared.typeArrayMap):ue(Array.from(arguments))}function Re(d){if(s)return d.reject(q.connection("CONNECTION_ENDED",n,n));if(O.length)return Ne(O.shift(),d);if(l.length)return b(l.shift(),d);T.length?Ne(T.shift(),d):a.push(d)}function Ne(d,N){return d.execute(N)?R(d,T):R(d,p)}function L(d){return new Promise((N,v)=>{d.state?d.active?Lt(n).cancel(d.state,N,v):d.cancelled={resolve:N,reject:v}:(a.remove(d),d.cancelled=!0,d.reject(q.generic("57014","canceling statement due to user request")),N())})}async function E({timeout:d=null}={}){if(s)return s;await 1;let N;return s=Promise.race([new Promise(v=>d!==null&&(N=setTimeout(V,d*1e3,v))),Promise.all(k.map(v=>v.end()).concat(U.sql?U.sql.end({timeout:0}):[],r.sql?r.sql.end({timeout:0}):[]))]).then(()=>clearTimeout(N))}async function le(){await Promise.all(k.map(d=>d.end()))}async function V(d){for(await Promise.all(k.map(N=>N.terminate()));a.length;)a.shift().reject(q.connection("CONNECTION_DESTROYED",n));d()}function b(d,N){return R(d,o),d.connect(N),d}function K(d){R(d,g)}function Le(d){if(a.length===0)return R(d,O);let N=Math.ceil(a.length/(o.length+1)),v=!0;for(;v&&a.length&&N-- >0;){let W=a.shift();if(W.reserve)return W.reserve(d);v=d.execute(W)}v?R(d,T):R(d,p)}function ce(d,N){R(d,l),d.reserved=null,d.onclose&&(d.onclose(N),d.onclose=null),n.onclose&&n.onclose(d.id),a.length&&b(d,a.shift())}}function ms(t,e){if(t&&t.shared)return t;let n=process.env,r=(!t||typeof t=="string"?e:t)||{},{url:s,multihost:a}=As(t),o=[...s.searchParams].reduce((p,[A,k])=>(p[A]=k,p),{}),c=r.hostname||r.host||a||s.hostname||n.PGHOST||"localhost",l=r.port||s.port||n.PGPORT||5432,g=r.user||r.username||s.username||n.PGUSERNAME||n.PGUSER||Ss();r.no_prepare&&(r.prepare=!1),o.sslmode&&(o.ssl=o.sslmode,delete o.sslmode),"timeout"in r&&(console.log("The timeout option is deprecated, use idle_timeout instead"),r.idle_timeout=r.timeout),o.sslrootcert==="system"&&(o.ssl="verify-full");let O=["idle_timeout","connect_timeout","max_lifetime","max_pipeline","backoff","keep_alive"],T={max:globalThis.Cloudflare?3:10,ssl:!1,sslnegotiation:null,idle_timeout:null,connect_timeout:30,max_lifetime:Ts,max_pipeline:100,backoff:gs,keep_alive:60,prepare:!0,debug:!1,fetch_types:!0,publications:"alltables",target_session_attrs:null};return{host:Array.isArray(c)?c:c.split(",").map(p=>p.split(":")[0]),port:Array.isArray(l)?l:c.split(",").map(p=>parseInt(p.split(":")[1]||l)),path:r.path||c.indexOf("/")>-1&&c+"/.s.PGSQL."+l,database:r.database||r.db||(s.pathname||"").slice(1)||n.PGDATABASE||g,user:g,pass:r.pass||r.password||s.password||n.PGPASSWORD||"",...Object.entries(T).reduce((p,[A,k])=>{let m=A in r?r[A]:A in o?o[A]==="disable"||o[A]==="false"?!1:o[A]:n["PG"+A.toUpperCase()]||k;return p[A]=typeof m=="string"&&O.includes(A)?+m:m,p},{}),connection:{application_name:n.PGAPPNAME||"postgres.js",...r.connection,...Object.entries(o).reduce((p,[A,k])=>(A in T||(p[A]=k),p),{})},types:r.types||{},target_session_attrs:Ns(r,s,n),onnotice:r.onnotice,onnotify:r.onnotify,onclose:r.onclose,onparameter:r.onparameter,socket:r.socket,transform:ws(r.transform||{undefined:void 0}),parameters:{},shared:{retries:0,typeArrayMap:{}},...gn(r.types)}}function Ns(t,e,n){let r=t.target_session_attrs||e.searchParams.get("target_session_attrs")||n.PGTARGETSESSIONATTRS;if(!r||["read-write","read-only","primary","standby","prefer-standby"].includes(r))return r;throw new Error("target_session_attrs "+r+" is not supported")}function gs(t){return(.5+Math.random()/2)*Math.min(3**t/100,20)}function Ts(){return 60*(30+Math.random()*30)}function ws(t){return{undefined:t.undefined,column:{from:typeof t.column=="function"?t.column:t.column&&t.column.from,to:t.column&&t.column.to},value:{from:typeof t.value=="function"?t.value:t.value&&t.value.from,to:t.value&&t.value.to},row:{from:typeof t.row=="function"?t.row:t.row&&t.row.from,to:t.row&&t.row.to}}}function As(t){if(!t||typeof t!="string")return{url:{searchParams:new Map}};let e=t;e=e.slice(e.indexOf("://")+3).split(/[?/]/)[0],e=decodeURIComponent(e.slice(e.indexOf("@")+1));let n=new URL(t.replace(e,e.split(",")[0]));return{url:{username:decodeURIComponent(n.username),password:decodeURIComponent(n.password),host:n.host,hostname:n.hostname,port:n.port,pathname:n.pathname,searchParams:n.searchParams},multihost:e.indexOf(",")>-1&&e}}function Ss(){try{return _s.userInfo().username}catch{return process.env.USERNAME||process.env.USER||process.env.LOGNAME}}import{checkServerIdentity as jn}from"node:tls";async function Un(t){let e=t.options.connect_timeout+2,n,r=new Promise((s,a)=>{n=setTimeout(()=>{a(new Error(`no answer in PostgreSQL's protocol within ${e}s (the address takes connections but closes them or stays silent: is it another service's port?)`))},e*1e3)});try{await Promise.race([t`SELECT 1`.execute(),r])}finally{clearTimeout(n)}}var Os="42501";async function vn(t,e,n,r){if(ze(r)!==Os)return r;let s=await Rs(t);return new Error(`The database's corun tables are at version ${e}, older than this corun's ${n}, and ${s===void 0?"this role":`role "${s}"`} cannot update them (${De(r)}): run "corun db migrate" as the role that owns them, then restart the workers`,{cause:r})}async function Rs(t){try{let[e]=await t`SELECT current_user AS role`;return e?.role}catch{return}}var It=[{version:1,what:"jobs, origins, fires, workers and results",sql:`
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
    `},{version:16,what:"the fetches under way when their queue was cancelled queue no links (db cancel)",sql:"ALTER TABLE corun_jobs ADD COLUMN cancelled_at timestamptz;"}],kn=It[It.length-1].version,Ls=427071534446;async function jt(t,e=kn){await Un(t);let n=It.filter(s=>s.version<=e),r=await ys(t);if(r!==void 0&&Cn(r,n))return[];try{return await bs(t,n)}catch(s){if(r===void 0)throw s;let a=Math.max(0,...n.map(o=>o.version));throw await vn(t,Math.max(0,...r),a,s)}}function bs(t,e){return t.begin(async n=>{await n`SELECT pg_advisory_xact_lock(${Ls})`,await n`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;let r=await n`SELECT version FROM corun_migrations`,s=new Set(r.map(o=>o.version));if(Cn(s,e))return[];let a=[];for(let o of e)s.has(o.version)||(await n.unsafe(o.sql),await n`INSERT INTO corun_migrations (version, what) VALUES (${o.version}, ${o.what})`,a.push(o.version));return a})}async function ys(t){let[e]=await t`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;if(!e.found)return;let n=await t`SELECT version FROM corun_migrations`;return new Set(n.map(r=>r.version))}function Cn(t,e){let n=Math.max(0,...t),r=Math.max(0,...e.map(s=>s.version));if(n>r)throw new Error(`The database's corun tables are at version ${n}, newer than this corun's ${r}: upgrade corun on this machine`);return e.every(s=>t.has(s.version))}function Fn(t,e){let n=new Map;return r=>{let s=performance.now(),a=n.get(r);for(let[o,c]of n)s-c>=2e3&&n.delete(o);n.set(r,s),!(a!==void 0&&s-a<2e3)&&e(`The database server${t===void 0?"":` ${t}`} says: ${r}`)}}var Mn=/\\u(?:0000|d[89a-f])/;function Se(t){let e=JSON.stringify(t);return Mn.test(e)?JSON.stringify(t,$n):e}function Hn(t){return Mn.test(t)?JSON.stringify(JSON.parse(t),$n):t}function $n(t,e){return typeof e=="string"?e.replaceAll("\0","\uFFFD").toWellFormed():e}var me="corun_jobs",kt="corun_pauses",Ct="corun_short",Ft=1668248181;function ve(){return{links:[],done:[],leftOut:[],failed:[],retries:[],released:[],dropped:[],pauses:[],unusedTurns:[]}}function xn(t,e={}){on();let n=new URL(t),r=Ds(n),s=e.onNotice,a=s&&Fn(n.host||void 0,s);return Dt(t,{...Is(n),...r===void 0?{}:{ssl:r},max:e.max??4,onnotice:o=>{o.severity==="WARNING"&&a?.(String(o.message))},connection:{application_name:"corun"},connect_timeout:ln(t),backoff:Us,fetch_types:!1,types:{bigint:{to:20,from:[20],serialize:o=>String(o),parse:o=>Number(o)},bigintArray:qn(1016,o=>`{${o.join(",")}}`),textArray:qn(1009,js)}})}function Ds(t){let e=un(t);if(e===void 0)return;let n=Bn(t)??t.hostname;return{rejectUnauthorized:!0,checkServerIdentity:e==="ca"?()=>{}:(r,s)=>jn(n,s)}}function Is(t){let e=Bn(t);return e===void 0?void 0:{host:[e],port:[t.port===""?an:Number(t.port)]}}function Bn(t){return/^\[(.*)\]$/.exec(t.hostname)?.[1]}function qn(t,e){return{to:t,from:[],serialize:e,parse:n=>n}}function js(t){return`{${t.map(e=>`"${e.replace(/[\\"]/g,"\\$&")}"`).join(",")}}`}function Us(t){return(.5+Math.random()/2)*Math.min(.05*2**t,1)}var Ut=class t{sql;url;#e=-1/0;#t=new Map;#a;constructor(e,n,r=!1){this.sql=e,this.url=n,this.#a=r}async transaction(e){return this.#a?await e(this):await this.sql.begin(n=>e(new t(n,this.url,!0)))}#c(e){return this.#a?e(this.sql):this.sql.begin(n=>e(n))}static async connect(e,n={}){let r=xn(e,n);try{await jt(r)}catch(s){throw await r.end({timeout:1}),s}return new t(r,e)}async close(){await this.sql.end({timeout:1})}async saveOriginRules(e,n){if(n.length===0)return;let r=n.map(s=>ot(e,s));await this.sql`
      INSERT INTO corun_origins ${this.sql(r)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`}async insertJobs(e,n,r,s){if(n.length===0)return[];let a=r===void 0?[]:[...new Set(n.map(o=>o.origin))].map(r);return await this.#c(async o=>{let c=await Wn(o,e,n,a,s);return n.some(l=>l.reservedFor===void 0)&&await o`SELECT pg_notify(${me}, ${e})`,c})}async claim(e,n,r,s,a){(performance.now()-this.#e>1e3||a!==void 0)&&(this.#e=performance.now(),await this.reapExpiredLeases(e));let o=await this.sql`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        corun_paced(c.gap_ms, c.jitter_ms) AS paced, c.gap_ms AS "gapMs",
        c.jitter_ms AS "jitterMs", c.turn::text, c.crawl, c.run_at AS "runAt"
      FROM corun_claim(${e}, ${n}, ${r}, ${s}, ${a?.id??null}::bigint,
        ${a?.nested??!1}) c`,c=a!==void 0;return o.map(({turn:l,...g})=>({...g,reserved:c,nextStart:l??void 0})).sort((l,g)=>l.id-g.id)}async takeTurn(e,n,r){let[s]=await this.sql`
      WITH turn AS (
        UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
        WHERE queue = ${e} AND origin = ${n} AND next_start_at <= now()
          AND paused_until <= now()
        RETURNING next_start_at::text AS next_start, gap_ms, jitter_ms)
      SELECT turn.next_start, turn.gap_ms, turn.jitter_ms,
        (SELECT (extract(epoch FROM greatest(next_start_at, paused_until, now()) - now()) * 1000)
          ::float8
          FROM corun_origins WHERE queue = ${e} AND origin = ${n}) AS wait_ms
      FROM (SELECT) AS one LEFT JOIN turn ON true`;return s.next_start!==null?{waitMs:0,nextStart:s.next_start,gapMs:s.gap_ms??0,jitterMs:s.jitter_ms??0}:s.wait_ms===null?r===void 0?{waitMs:0}:(await this.sql`
        INSERT INTO corun_origins ${this.sql(ot(e,r))}
        ON CONFLICT (queue, origin) DO NOTHING`,await this.takeTurn(e,n)):{waitMs:Math.max(1,s.wait_ms)}}async redirectTurn(e,n,r,s,a){let o=ot(e,a),[c]=await this.sql`
      SELECT granted, turn::text, gap_ms, jitter_ms, wait_ms, per_host_full
      FROM corun_redirect_turn(${e}, ${n}, ${r}::bigint, ${s}, ${o.per_host},
        ${o.gap_ms}, ${o.jitter_ms})`;if(c.granted)return{waitMs:0,nextStart:c.turn??void 0,gapMs:c.gap_ms,jitterMs:c.jitter_ms};let l=c.wait_ms>0?Math.max(1,c.wait_ms):0;return c.per_host_full?{waitMs:l,full:!0}:{waitMs:Math.max(1,l)}}async moveTurn(e,n,r){let[s]=await this.sql`
      UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
      WHERE queue = ${e} AND origin = ${n}
        AND next_start_at = ${r}::text::timestamptz AND paused_until <= now()
      RETURNING next_start_at::text AS next_start`;return s?.next_start}async reapExpiredLeases(e){let n=await this.sql`
      DELETE FROM corun_jobs j
      WHERE j.queue = ${e} AND j.reserved_for IS NOT NULL AND ${Mt(this.sql)}
      RETURNING j.id`,r=await this.sql`
      UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
        last_error = CASE WHEN j.lease_until < now()
          THEN 'the lease of worker ' || j.lease_owner || ' expired'
          ELSE 'worker ' || j.lease_owner || ' stopped' END
      WHERE j.queue = ${e} AND j.state = 'leased' AND j.reserved_for IS NULL
        AND ${Oe(this.sql)}
      RETURNING j.id`,s=n.length+r.length;return s>0&&await this.sql`SELECT pg_notify(${me}, ${e})`,s}async reservedWaitMs(e,n){let[r]=await this.sql`
      SELECT greatest(0, extract(epoch FROM
          greatest(j.not_before, o.next_start_at, o.paused_until) - now()) * 1000)::float8 AS wait_ms
      FROM corun_jobs j
      LEFT JOIN corun_origins o ON o.queue = j.queue AND o.origin = j.origin
      WHERE j.id = ${n} AND j.reserved_for = ${e} AND j.state IN ('queued', 'leased')`;return r?.wait_ms}async claimSave(e,n){let[r]=await this.sql`
      SELECT held_path AS path, held_folder AS folder, held_file AS file, held_task AS task,
        held_url AS url
      FROM corun_claim_save(${e}::bigint, ${n.path}, ${n.folders}::text[],
        ${n.task}, ${n.url}, ${n.perFetch})`;return r}async report(e,n,r){return await this.#c(async s=>{if(r.links.length>0){let T=new Map;for(let{job:p,rule:A}of r.links)T.has(p.origin)||T.set(p.origin,A);await Wn(s,e,r.links.map(p=>p.job),[...T.values()],void 0)}if(r.pauses.length>0){let T=r.pauses.map(p=>({origin:p.origin,for_ms:p.forMs}));await s`
          WITH p AS (
            SELECT origin, max(for_ms) AS for_ms
            FROM jsonb_to_recordset(${Se(T)}::text::jsonb)
              AS r(origin text, for_ms float8)
            GROUP BY origin),
          paused AS (
            UPDATE corun_origins o SET paused_until =
              greatest(o.paused_until, now() + p.for_ms * interval '1 millisecond')
            FROM p WHERE o.queue = ${e} AND o.origin = p.origin
            RETURNING o.origin, o.paused_until)
          SELECT pg_notify(${kt}, json_build_object('queue', ${e}::text,
            'origin', origin, 'ms', extract(epoch FROM paused_until - now()) * 1000)::text)
          FROM paused`}if(r.unusedTurns.length>0){let T=r.unusedTurns.map(({origin:p,nextStart:A})=>({origin:p,next_start:A}));await s`
          UPDATE corun_origins o SET next_start_at = least(o.next_start_at, now())
          FROM jsonb_to_recordset(${Se(T)}::text::jsonb)
            AS u(origin text, next_start text)
          WHERE o.queue = ${e} AND o.origin = u.origin
            AND o.next_start_at = u.next_start::timestamptz`}let a=await Pn(s,n,"done",r.done),o=await Pn(s,n,"skipped",r.leftOut),c=0;if(r.failed.length>0&&(c=Yn(await s`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${Se(r.failed)}::text::jsonb)
            AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${n}
          RETURNING j.reserved_for IS NULL AS mine`)),r.retries.length>0){let T=r.retries.map(p=>({id:p.id,delay_ms:p.delayMs,payload:p.payload}));await s`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${Se(T)}::text::jsonb)
            AS r(id bigint, delay_ms float8, payload jsonb)
          WHERE j.id = r.id AND j.state = 'leased' AND j.lease_owner = ${n}`}r.released.length>0&&await s`
          UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
          WHERE id = ANY(${r.released}::bigint[]) AND state = 'leased'
            AND lease_owner = ${n}`;let l=[...r.failed.map(T=>T.id),...r.retries.map(T=>T.id),...r.released];l.length>0&&await s`SELECT corun_release_saves(${l}::bigint[])`,r.dropped.length>0&&await s`
          DELETE FROM corun_jobs
          WHERE id = ANY(${r.dropped}::bigint[]) AND reserved_for = ${n}
            AND state IN ('queued', 'leased')`,await s`
        UPDATE corun_workers SET last_seen = now(),
          done = done + ${a}, failed = failed + ${c}, skipped = skipped + ${o}
        WHERE id = ${n}`,await s`SELECT pg_notify(${me}, ${e})`;let g=[...r.done,...r.leftOut,...r.failed.map(T=>T.id)];if(g.length===0)return 0;let[O]=await s`
        SELECT count(*)::int AS jobs FROM corun_jobs
        WHERE id = ANY(${g}::bigint[]) AND reserved_for IS NULL`;return O.jobs-a-o-c})}async releaseUnknown(e,n,r){return(await this.sql`
      UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
      WHERE lease_owner = ${e} AND state = 'leased' AND NOT (id = ANY(${n}::bigint[]))
        AND (${r??null}::bigint IS NULL OR id = ${r??null}::bigint)
      RETURNING id`).length}async heartbeat(e,n,r){let s=await this.sql`
      UPDATE corun_jobs SET lease_until = now() + ${n} * interval '1 millisecond'
      WHERE lease_owner = ${e} AND state = 'leased' AND id = ANY(${r}::bigint[])
      RETURNING id`,a=this.#t.get(e);if(a===void 0)await this.sql`UPDATE corun_workers SET last_seen = now() WHERE id = ${e}`;else{let{queue:o,host:c,pid:l,leaseMs:g}=a;await this.sql`
        INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
        VALUES (${e}, ${o}, ${c}, ${l}, ${g})
        ON CONFLICT (id) DO UPDATE SET last_seen = now()`}return s.map(o=>o.id)}async openWork(e){let[n]=await this.sql`
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
          WHERE o.queue = ${e} AND due.first IS NOT NULL) AS next_due_ms`;return{queued:n.queued,leased:n.leased,nextDueMs:n.next_due_ms===null?void 0:Math.max(0,n.next_due_ms)}}async tellShort(e){await this.sql`SELECT pg_notify(${Ct}, ${e})`}async registerWorker(e,n,r,s,a=3e4){await this.sql`
      INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
      VALUES (${e}, ${n}, ${r}, ${s}, ${Math.ceil(a)})`,this.#t.set(e,{queue:n,host:r,pid:s,leaseMs:Math.ceil(a)})}async stopWorker(e){this.#t.delete(e),await this.#c(async n=>{await n`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${e}`;let r=await n`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${e} AND state = 'leased'
        RETURNING queue`;for(let s of new Set(r.map(a=>a.queue)))await n`SELECT pg_notify(${me}, ${s})`})}async insertResults(e,n,r){r.length!==0&&await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${e}, ${n}, line::jsonb
      FROM unnest(${r.map(Hn)}::text[]) AS t(line)`}async claimFire(e,n,r,s,a){return(await this.sql`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${e}, ${n}, ${r}, ${s}, ${a})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`)[0]?.id}async setFireJobs(e,n){await this.sql`UPDATE corun_fires SET jobs = ${n} WHERE id = ${e}`}async lastFire(e,n){let[r]=await this.sql`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${e} AND f.schedule = ${n} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;return r===void 0?void 0:{fireAt:r.fire_at,open:r.open}}async lastFiredAt(e,n){let[r]=await this.sql`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${e} AND schedule = ${n}`;return r?.at??void 0}};async function Wn(t,e,n,r,s){if(r.length>0){let l=r.map(g=>ot(e,g)).sort((g,O)=>g.origin<O.origin?-1:g.origin>O.origin?1:0);await t`INSERT INTO corun_origins ${t(l)} ON CONFLICT (queue, origin) DO NOTHING`}let a=n.filter(l=>l.parent!==void 0),o=a.length===0?n:n.filter(l=>l.parent===void 0);return[...await vs(t,e,o,s),...await ks(t,e,a)].sort((l,g)=>l-g)}function Gn(t,e,n){return{queue:t,task:e.task,origin:e.origin,url:e.url,payload:e.payload,delay_ms:e.delayMs??0,fire_id:n??null,reserved_for:e.reservedFor??null,parent:e.parent??null}}async function vs(t,e,n,r){return n.length===0?[]:(await t`
    INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for,
      crawl, run_at)
    SELECT queue, task, origin, url, payload, now() + delay_ms * interval '1 millisecond', fire_id,
      reserved_for, txid_current(), now()
    FROM jsonb_to_recordset(${Se(n.map(a=>Gn(e,a,r)))}
      ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
      delay_ms float8, fire_id bigint, reserved_for text)
    RETURNING id`).map(a=>a.id)}async function ks(t,e,n){return n.length===0?[]:(await t`SELECT pg_advisory_xact_lock_shared(${Ft}::int, hashtext(${e}))`,(await t`
    WITH given AS MATERIALIZED (
      SELECT r.*, nextval('corun_jobs_id_seq') AS id
      FROM jsonb_to_recordset(${Se(n.map(s=>Gn(e,s,void 0)))}
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
    RETURNING id`).map(s=>s.id))}function Oe(t){return t`(j.lease_until < now() OR EXISTS (SELECT 1 FROM corun_workers w
    WHERE w.id = j.lease_owner AND w.stopped_at IS NOT NULL))`}function Mt(t){return t`(j.state IN ('queued', 'leased')
    AND ((j.state = 'leased' AND j.lease_until < now()) OR corun_owner_gone(j.reserved_for)))`}async function Pn(t,e,n,r){return r.length===0?0:Yn(await t`
    UPDATE corun_jobs SET state = ${n}, finished_at = now(), lease_owner = ${e},
      lease_until = NULL
    WHERE id = ANY(${r}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${e}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`)}function Yn(t){return t.filter(e=>e.mine).length}function ot(t,e){return{queue:t,origin:e.origin,per_host:e.perHost,gap_ms:Math.round(e.gapMs),jitter_ms:Math.round(e.jitterMs)}}var Cs=20;async function Fs(t,e){return await t.sql.begin("isolation level repeatable read read only",n=>Ms(n,e))}async function Ht(t,e){return(await t`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${e??null}::text IS NULL OR queue = ${e??null}
    ORDER BY queue`).map(r=>r.queue)}async function $t(t,e){let n=await Ht(t);return n.includes(e)?void 0:n}async function Ms(t,e){let n=[];for(let r of await Ht(t,e)){let s=await t`
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
        CASE WHEN j.reserved_for IS NOT NULL AND ${Mt(t)} THEN 'gone'
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
      ORDER BY gone, w.started_at DESC LIMIT ${Cs}`,o=await t`
      SELECT task, url, coalesce(last_error, '') AS error, finished_at
      FROM corun_jobs WHERE queue = ${r} AND state = 'failed'
      ORDER BY finished_at DESC LIMIT 10`,c=await t`
      SELECT schedule, fire_at, outcome, jobs, owner FROM corun_fires WHERE queue = ${r}
      ORDER BY fire_at DESC LIMIT 10`;n.push({queue:r,origins:s.map(l=>({origin:l.origin,ready:l.ready,waiting:l.waiting,retries:l.retries,leased:l.leased,done:l.done,failed:l.failed,skipped:l.skipped,inCallbacks:l.in_callbacks,perHost:l.origin===""?null:l.per_host,gapMs:l.gap_ms,jitterMs:l.jitter_ms,pausedUntil:ke(l.paused_until)})),workers:a.map(l=>({id:l.id,host:l.host,pid:l.pid,startedAt:ke(l.started_at),lastSeen:ke(l.last_seen),lastSeenAgoMs:Math.max(0,Math.round(l.seen_ago_ms)),stoppedAt:ke(l.stopped_at),state:l.stopped_at!==null?"stopped":l.gone?"gone":"running",leases:l.leases,done:l.done,failed:l.failed,skipped:l.skipped})),failures:o.map(l=>({task:l.task,url:l.url,error:l.error,at:ke(l.finished_at)})),fires:c.map(l=>({schedule:l.schedule,fireAt:ke(l.fire_at),outcome:l.outcome,jobs:l.jobs,owner:l.owner}))})}return n}function ke(t){return t instanceof Date?t.toISOString():null}async function Hs(t,e){return await t.sql.begin(n=>$s(n,e))}async function $s(t,e){await t`SELECT pg_advisory_xact_lock(${Ft}::int, hashtext(${e}))`;let n={queue:e,jobs:0,retries:0,crawls:0,leased:0},r=await $t(t,e);if(r!==void 0)return{...n,found:!1,queues:r};let s=await t`
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
    FROM open o LEFT JOIN counted c ON c.crawl = o.crawl`;if(s.length===0)return{...n,found:!0};let[a]=await t`
    WITH marked AS (
      UPDATE corun_jobs j SET cancelled_at = coalesce(j.cancelled_at, now())
      WHERE j.queue = ${e} AND j.state IN ('queued', 'leased')
        AND coalesce(j.crawl, j.id) = ANY(${s.map(o=>o.crawl)}::bigint[])
      RETURNING j.state = 'leased' AND j.reserved_for IS NULL AS leased)
    SELECT count(*) FILTER (WHERE leased)::int AS leased FROM marked`;return await t`SELECT pg_notify(${me}, ${e})`,{...n,found:!0,jobs:s.reduce((o,c)=>o+c.jobs,0),retries:s.reduce((o,c)=>o+c.retries,0),crawls:s.filter(o=>o.jobs>0).length,leased:a.leased}}var qs=20,Pt=class{#e;#t;#a;#c;#r=[];#o=new WeakMap;#i=new Map;#s=new Map;#h=new Map;#E=new Map;#g=[];#f=!1;#k;#L;#C;#n=ve();#b=ve();#_;#p;#F=!1;#w;#M=!1;#B=new Set;#m=0;#H;#y=new Set;#G;#Y;#u=!1;#A=!1;#X=0;#z=0;#S;constructor(e){this.#e=e,this.#t=e.store,this.#a=e.leaseMs??3e4,this.#c=e.idleMs??2e3,this.#C=Math.ceil(e.concurrency/4)}async start(){let e=await this.#t.sql.listen(me,s=>{s===this.#e.queue&&this.#R()}),n=await this.#t.sql.listen(kt,s=>this.#me(s)),r=await this.#t.sql.listen(Ct,s=>{s===this.#e.queue&&this.#Ne()});this.#G=async()=>{await e.unlisten(),await n.unlisten(),await r.unlisten()},this.#Y=setInterval(()=>{this.#we();let s=this.#j(),a=performance.now();this.#t.heartbeat(this.#e.worker,this.#a,s).then(o=>{this.#ge(new Set(s),new Set(o),a)},o=>{$e(o)?this.#v("extend its leases",o):this.#D(this.#U("extend its leases",o))})},Math.max(100,Math.floor(this.#a/3)))}async shutdown(){this.#u=!0,this.#A=!0,this.#ue(),clearInterval(this.#Y),await this.#k;for(let e of this.#r.splice(0))this.#n.released.push(e.id);this.#i.clear();for(let e of this.#s.keys())this.#$(e);this.#s.clear();try{if(!await this.#le())throw this.#be()}finally{await this.#G?.().catch(()=>{})}}get reportRefused(){return this.#w!==void 0}#D(e){this.#L??=e,this.interrupt()}interrupt(){this.#u=!0,this.#ue()}put(e){return this.#n.links.push({job:this.#K(e,void 0),rule:this.#J(e)}),this.#l(),tn(void 0)}*#ce(e,n){let[r]=yield*this.#d("put a job",()=>this.#t.insertJobs(this.#e.queue,[this.#K(e,n)],()=>this.#J(e)));return r}#K(e,n){return{task:e.task,origin:e.origin,url:Qn(e.payload),payload:this.#e.codec.encode(e.payload),delayMs:e.delayMs,reservedFor:n,parent:n===void 0?e.parent:void 0}}#J(e){return{origin:e.origin,...this.#e.rules(e.origin,e.task)}}*take(){for(;;){if(this.#L!==void 0&&!this.#M)throw this.#M=!0,this.#L;if(this.#u)return null;this.#Te();let e=this.#r.shift();if(e!==void 0){if(this.#s.set(e.id,e.origin),this.#r.length<this.#C&&this.#Oe(),yield*this.#de(e))return e;continue}if(this.#A)return null;if(this.#f){let n=new sn("queued",r=>rn(this.#g,r));this.#g.push(n),yield*n.wait();continue}this.#f=!0;try{yield*this.#Ae()}finally{this.#f=!1,this.#oe()}}}*#de(e){let n=this.#i.get(e.id);if(n===void 0||Kn(n))return!0;let r=!1;try{return r=(yield*this.#Q(n))||(yield*this.#he(n)),r}finally{r||this.#Ee(e.id)}}*#Q(e){let n=e.nextStart;if(n===void 0||this.#N(e.origin)>0)return!1;let r=yield*this.#d("move an origin's turn",()=>this.#t.moveTurn(this.#e.queue,e.origin,n));return r===void 0?!1:(zn(e,r),!0)}*#he(e){let n=()=>this.#t.takeTurn(this.#e.queue,e.origin),r=yield*this.#d("take an origin's turn",n);return r.waitMs>0&&r.waitMs<=2*e.turnMs&&(yield*this.#O(r.waitMs),this.#u||(r=yield*this.#d("take an origin's turn",n))),r.waitMs!==0||this.#u?!1:(zn(e,r.nextStart),!0)}*sending(e,n){let r=this.#i.get(e),s=this.#N(n)>0;if(r===void 0){s&&(yield*this.#W(n));return}!s&&r.origin===n&&(Kn(r)||(yield*this.#Q(r)))||(yield*this.turnAt(n,r.task,e))}#I(e){return this.#i.delete(e),this.#s.delete(e)}#Ee(e){this.#I(e)&&(this.#n.released.push(e),this.#l())}*acquire(e,n){let r=yield*this.#ce(e,this.#e.worker);return this.#h.set(r,{origin:e.origin,url:Qn(e.payload)}),yield*this.#Z(r,n)}*turnAt(e,n,r){let s=r===void 0?void 0:this.#s.get(r);if(s!==void 0&&s!==e)return yield*this.#fe(e,n,r);for(;!this.#u;){if(yield*this.#W(e),this.#u)return;let a=yield*this.#d("take an origin's turn",()=>this.#t.takeTurn(this.#e.queue,e,{origin:e,...this.#e.rules(e,n)}));if(a.waitMs>0){yield*this.#O(a.waitMs);continue}r!==void 0&&this.#s.has(r)&&this.#V(r,e,n,a);return}}*#fe(e,n,r){let{queue:s,worker:a}=this.#e,o={origin:e,...this.#e.rules(e,n)};for(;!this.#u;){if(yield*this.#W(e),this.#u)return;let c=this.#m,l=yield*this.#d("take a redirect's turn",()=>this.#t.redirectTurn(s,e,r,a,o));if(l.waitMs===0&&!l.full){if(!this.#s.has(r))return;this.#s.set(r,e),this.#V(r,e,n,l);return}l.full&&this.#q(Ps),l.waitMs>0?yield*this.#O(l.waitMs):this.#m===c&&(yield*this.#T(50))}}#V(e,n,r,s){let a={gapMs:s.gapMs??0,jitterMs:s.jitterMs??0};s.nextStart===void 0||a.gapMs===0&&a.jitterMs===0?this.#i.delete(e):this.#i.set(e,Zn(n,r,a,s.nextStart))}*again(e,n,r){if(!this.#s.has(e))throw new TypeError(`Cannot go again: job ${e} is not held`);return this.retryAfter(e,n),yield*this.#Z(e,r)}*#Z(e,n){let{queue:r,worker:s}=this.#e,a=this.#h.get(e),o;try{for(;;){let c=a===void 0?0:this.#N(a.origin);if(c>0){yield*this.#T(c);continue}let[l]=yield*this.#d("claim a job",()=>this.#t.claim(r,s,1,this.#a,{id:e,nested:n}),()=>this.#t.releaseUnknown(s,this.#j(),e));if(l===void 0){yield*this.#_e(e,a?.url);continue}let g=this.#ae(l);if("problem"in g)throw this.#h.delete(e),new Error(`Cannot fetch ${l.url||`job ${e}`}: ${g.problem}`);if(this.#N(g.origin)>0){this.#n.released.push(e),this.#l();continue}return o=g,this.#s.set(o.id,n?void 0:o.origin),l.paced&&this.#i.set(o.id,Xn(l)),o}}finally{o===void 0&&this.#h.has(e)&&this.#pe(e)}}*#_e(e,n){let r=yield*this.#d("look for a job",()=>this.#t.reservedWaitMs(this.#e.worker,e));if(r===void 0)throw this.#h.delete(e),new Error(`Cannot fetch ${n||`job ${e}`}: its job left the queue (this worker did not reach the database for longer than its lease, and was taken for gone)`);yield*r<=0?this.#T(50):this.#O(r)}*#O(e){this.#u||(yield*Vn(e,this.#y,"waiting for its time"))}#pe(e){this.#h.delete(e),this.#n.dropped.push(e),this.#l()}#$(e){this.#h.delete(e)?this.#n.dropped.push(e):this.#n.released.push(e)}*claimSave(e,n){return yield*this.#d("claim a save path",()=>this.#t.claimSave(e,n))}turnUnused(e){let n=this.#i.get(e),r=n?.nextStart;r!==void 0&&(n.nextStart=void 0,n.tookAtMs=-1/0,this.#n.unusedTurns.push({origin:n.origin,nextStart:r}),this.#l())}done(e){this.#ee(e,this.#n.done)}leftOut(e){this.#ee(e,this.#n.leftOut)}#ee(e,n){this.#I(e)&&(this.#h.delete(e),n.push(e),this.#l(),this.#R())}givesBack(e){return nn(e)}failed(e,n){this.#I(e)&&(this.#u?this.#$(e):this.givesBack(n)?this.#te(e,`Job ${e} of queue "${this.#e.queue}" went back to the queue, as this worker may not fetch it: ${De(n)}`):(this.#h.delete(e),this.#n.failed.push({id:e,error:n===void 0?"failed":De(n)})),this.#l(),this.#R())}#te(e,n){this.#$(e),this.#l(),this.#D(new Error(n))}retryAfter(e,n,r){this.#I(e)&&(this.#n.retries.push({id:e,delayMs:n,payload:r===void 0?null:this.#e.codec.encode(r)}),this.#l(),this.#R())}retryWaitMs(e,n,r){return Math.max(r,this.#N(e))}pauseOrigin(e,n){this.#n.pauses.push({origin:e,forMs:n}),this.#ne(e,n),this.#l()}#me(e){let n;try{n=JSON.parse(e)}catch{return}n.queue!==this.#e.queue||typeof n.origin!="string"||typeof n.ms=="number"&&n.ms>0&&this.#ne(n.origin,n.ms)}#ne(e,n){let r=performance.now()+n;r>(this.#E.get(e)??0)&&this.#E.set(e,r),this.#q(s=>s.origin!==e)}#Ne(){let e=Math.max(0,this.#e.concurrency-this.#s.size),n=new Set(this.#r.slice(0,e));this.#q(r=>n.has(r))}#q(e){let n=this.#r.filter(e);if(n.length!==this.#r.length){for(let r of this.#r)e(r)||(this.#n.released.push(r.id),this.#i.delete(r.id));this.#r.splice(0,this.#r.length,...n),this.#l()}}#ge(e,n,r){let s=this.#r.filter(a=>e.has(a.id)&&!n.has(a.id));for(let a of this.#r)n.has(a.id)&&this.#o.set(a,r);this.#re(s)}#Te(){let e=performance.now(),n=this.#a*3/4;this.#re(this.#r.filter(r=>e-(this.#o.get(r)??e)>=n))}#re(e){if(e.length===0)return;let n=new Set(e);this.#r.splice(0,this.#r.length,...this.#r.filter(o=>!n.has(o)));for(let o of e)this.#i.delete(o.id);let[r,s,a]=e.length===1?["1 job","its lease","it"]:[`${e.length} jobs`,"their leases","them"];this.#e.warn(`Worker ${this.#e.worker} drops ${r} it claimed ahead, unstarted: ${s} ran out while it could not reach the database; the next claim takes ${a}`)}*#W(e){for(;;){let n=this.#N(e);if(n<=0||this.#u)return;yield*this.#O(n)}}#we(){let e=performance.now();for(let[n,r]of this.#E)r<=e&&this.#E.delete(n)}get pausedOrigins(){return[...this.#E.keys()]}#N(e){let n=this.#E.get(e);if(n===void 0)return 0;let r=n-performance.now();return r>0?r:(this.#E.delete(e),0)}close(){}get refused(){return this.#X}get endedLate(){return this.#z}get unreportedEnds(){return this.#n.done.length+this.#n.failed.length}counts(){return{queued:this.#r.length,leased:this.#s.size}}*#Ae(){if(this.#u){this.#A=!0;return}let e=this.#se();if(e<=0){yield*this.#T(this.#c);return}let n=this.#m,r=performance.now(),s=yield*this.#d("claim jobs",()=>(r=performance.now(),this.#t.claim(this.#e.queue,this.#e.worker,e,this.#a)),()=>this.#t.releaseUnknown(this.#e.worker,this.#j()));if(this.#ie(s,r),s.length>0&&(this.#H=void 0),this.#r.length>0||!(yield*Ke(()=>this.#le(),"report to the database")))return;let a=this.#e.queue,o=yield*this.#d("count open jobs",()=>this.#t.openWork(a));if(this.#e.drain&&!o.queued&&!o.leased&&this.#s.size===0){this.#A=!0;return}if(o.leased&&this.#Se()){let l={wakes:this.#m,atMs:performance.now()};yield*this.#d("ask for jobs claimed ahead",()=>this.#t.tellShort(a)),this.#H=l}if(this.#m!==n)return;let c=o.nextDueMs??this.#c;yield*this.#T(Math.min(this.#c,c<=0?50:Math.max(5,c)))}#Se(){let e=this.#H;return e===void 0||e.wakes!==this.#m||performance.now()-e.atMs>=this.#c}#se(){return this.#e.concurrency+this.#C-this.#s.size-this.#r.length}#Oe(){let e=this.#se();if(this.#f||this.#u||e<=0)return;this.#f=!0;let{queue:n,worker:r}=this.#e,s=performance.now();this.#k=this.#t.claim(n,r,e,this.#a).then(a=>{this.#ie(a,s),this.#x()},a=>{if(!$e(a)){this.#D(this.#U("claim jobs",a));return}return this.#v("claim jobs",a),this.#t.releaseUnknown(r,this.#j()).then(()=>{},()=>{})}).finally(()=>{this.#f=!1,this.#k=void 0,this.#oe()})}#ie(e,n){let r=this.#n.released.length;for(let s of e){let a=this.#ae(s);"problem"in a||(this.#N(a.origin)>0?this.#n.released.push(a.id):(this.#r.push(a),this.#o.set(a,n),s.paced&&this.#i.set(a.id,Xn(s))))}this.#n.released.length>r&&this.#l()}#oe(){for(let e of this.#g.splice(0))e.give()}#ae(e){let n=this.#e.codec.decode(e.payload,e);return"problem"in n&&n.notMine?(this.#te(e.id,`Queue "${this.#e.queue}" holds job ${e.id} (${e.url||"no URL"}) of another config: ${n.problem}; it went back to the queue, for a worker with that config`),n):"problem"in n?(this.#X++,this.#e.warn(`Job ${e.id} (${e.url||"no URL"}): ${n.problem}`),this.#n.failed.push({id:e.id,error:n.problem}),this.#l(),n):{id:e.id,origin:e.origin,task:e.task,attempt:e.attempt,notBeforeMs:0,payload:n.payload,crawl:e.crawl}}*#T(e){yield*Vn(e,this.#B,"waiting for work")}#Re(e){return new Promise(n=>{let r=()=>{clearTimeout(s),this.#y.delete(r),n()},s=setTimeout(r,e);this.#y.add(r)})}#R(){this.#m++;for(let e of this.#B)e()}#ue(){this.#R();for(let e of this.#y)e()}#l(){if(this.#n.pauses.length>0){clearTimeout(this.#p),this.#p=void 0,this.#P();return}this.#_!==void 0||this.#p!==void 0||(this.#p=setTimeout(()=>{this.#p=void 0,this.#P()},qs))}#P(){this.#_===void 0&&(this.#_=this.#Le().then(e=>{this.#_=void 0,e?Wt(this.#n)||this.#l():this.#F=!0}))}async#Le(){for(let e=0;!Wt(this.#n);e++){if(this.#w!==void 0)return!1;let n=this.#n;this.#n=ve(),this.#b=n;try{return this.#z+=await this.#t.report(this.#e.queue,this.#e.worker,n),this.#b=ve(),this.#x(),!0}catch(r){if(this.#b=ve(),this.#n=xs(n,this.#n),!$e(r))return this.#w=this.#U("report how its fetches ended",r),this.#D(this.#w),!1;if(this.#v("report how its fetches ended",r),this.#A&&e>=2)return!1;await this.#Re(dt(e))}}return!0}async#le(){for(this.#F=!1,clearTimeout(this.#p),this.#p=void 0;this.#_!==void 0||!Wt(this.#n);)if(this.#_===void 0&&this.#P(),await this.#_,this.#F)return!1;return!0}#be(){let e=qt(this.#n).length,n=this.#w,r=e===0?"Cannot report a pause an origin asked for to the database":`Cannot report ${e} fetch outcomes to the database; ${n===void 0?"their leases run out and ":""}other workers do them again`;return n===void 0||this.#M&&this.#L===n?new Error(r):new Error(`${n.message}; ${r[0].toLowerCase()}${r.slice(1)}`,{cause:n.cause})}#j(){return[...this.#s.keys(),...this.#r.map(e=>e.id),...qt(this.#n),...qt(this.#b)]}*#d(e,n,r){for(let s=0;;s++)try{s>0&&r!==void 0&&(yield*Ke(r,e));let a=yield*Ke(n,e);return this.#x(),a}catch(a){if(!$e(a))throw this.#U(e,a);this.#v(e,a),yield*this.#T(dt(s))}}#U(e,n){return new Error(`Worker ${this.#e.worker} cannot ${e}: ${Jn(n,this.#t.url)}`,{cause:n})}#v(e,n){this.#S===void 0&&(this.#S=Date.now(),this.#e.warn(`Worker ${this.#e.worker} cannot ${e}: ${Jn(n,this.#t.url)}; retrying with backoff`))}#x(){if(this.#S===void 0)return;let e=((Date.now()-this.#S)/1e3).toFixed(1);this.#S=void 0,this.#e.warn(`Worker ${this.#e.worker} reaches the database again (after ${e}s)`)}},Ws=2;function Xn(t){return Zn(t.origin,t.task,t,t.nextStart)}function Zn(t,e,n,r){return{origin:t,task:e,tookAtMs:performance.now(),graceMs:Math.min(Ws,n.gapMs/10),turnMs:n.gapMs+n.jitterMs,nextStart:r}}function zn(t,e){t.tookAtMs=performance.now(),t.nextStart=e}function Kn(t){return performance.now()-t.tookAtMs<=t.graceMs}function Ps(){return!1}function Jn(t,e){let n=De(t),r=cn(t,e);if(r!==n)return r;let s=ze(t);return s!==void 0&&!n.includes(s)?`${n} (${s})`:n}function Qn(t){let e=t?.url;return typeof e=="string"?e:""}function qt(t){return[...t.done,...t.leftOut,...t.released,...t.failed.map(({id:e})=>e),...t.retries.map(({id:e})=>e)]}function Wt(t){return t.links.length+t.done.length+t.leftOut.length+t.failed.length+t.retries.length+t.released.length+t.dropped.length+t.pauses.length+t.unusedTurns.length===0}function xs(t,e){return{links:[...t.links,...e.links],done:[...t.done,...e.done],leftOut:[...t.leftOut,...e.leftOut],failed:[...t.failed,...e.failed],retries:[...t.retries,...e.retries],released:[...t.released,...e.released],dropped:[...t.dropped,...e.dropped],pauses:[...t.pauses,...e.pauses],unusedTurns:[...t.unusedTurns,...e.unusedTurns]}}function Vn(t,e,n){return en(r=>{let s=setTimeout(r,t),a=()=>r();return e.add(a),()=>{clearTimeout(s),e.delete(a)}},n)}async function Bs(t,e){return await t.sql.begin(n=>Gs(n,e))}async function Gs(t,e){let n=()=>t`(now() - ${e} * interval '1 millisecond')`,[{before:r}]=await t`SELECT ${n()} AS before`,[s]=await t`
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
        WHERE j.lease_owner = w.id AND j.state IN ('queued', 'leased'))`;return{before:r.toISOString(),jobs:s.jobs,crawls:s.crawls,saves:a.count,results:o.count,fires:c.count,workers:g.count,queues:l.queues}}var xt=class{#e;#t;#a;#c;#r;#o=[];#i;#s;#h=0;#E=0;constructor(e,n,r,s,a={}){this.#r=a.metadataFile,this.#e=e,this.#t=n,this.#a=r,this.#c=s}appendJson(e){this.#o.push(e),this.#o.length>1e5&&(this.#E+=this.#o.length-1e5,this.#o.splice(0,this.#o.length-1e5)),this.#g(100)}async close(){clearTimeout(this.#s),this.#s=void 0,await this.#i,this.#o.length>0&&await this.#f();let e=this.#o.length+this.#E;if(e>0){let n=this.#r===void 0?"":` (they are in the worker's metadata file, ${this.#r})`;this.#c(`Cannot copy ${e} metadata lines to the database${n}`)}}#g(e){this.#i!==void 0||this.#s!==void 0||(this.#s=setTimeout(()=>{this.#s=void 0,this.#i=this.#f().then(n=>{this.#i=void 0,this.#o.length>0&&this.#g(n?100:5e3)})},e))}async#f(){for(;this.#o.length>0;){let e=this.#o.slice(0,500);try{await this.#e.insertResults(this.#t,this.#a,e)}catch(n){return this.#h++===0&&this.#c(`Cannot copy metadata lines to the database: ${n.message}`),!1}this.#o.splice(0,e.length)}return!0}};export{Pt as PgFrontier,xt as PgResultLog,Ut as PgStore,kn as SCHEMA_VERSION,Hs as cancelQueue,jt as migrate,xn as postgresClient,Bs as pruneDatabase,Ht as queueNames,Fs as queueStatus,$t as queuesIfUnknown};
