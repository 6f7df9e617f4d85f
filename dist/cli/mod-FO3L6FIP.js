import{a as nr,f as sr,g as ir}from"./chunk-PF6FKXJC.js";import{Oa as tr,Pa as rr,d as Vt,h as Xe,m as Zt,n as ze,y as er}from"./chunk-2AHGO6HC.js";import us from"node:os";import cs from"node:fs";var Ke=new Map,ht=new Map,Et=Symbol("OriginError"),ye={},te=class extends Promise{constructor(e,r,n,i,a={}){let o,c;super((u,m)=>{o=u,c=m}),this.tagged=Array.isArray(e.raw),this.strings=e,this.args=r,this.handler=n,this.canceller=i,this.options=a,this.state=null,this.statement=null,this.resolve=u=>(this.active=!1,o(u)),this.reject=u=>(this.active=!1,c(u)),this.active=!1,this.cancelled=null,this.executed=!1,this.signature="",this[Et]=this.handler.debug?new Error:this.tagged&&qn(this.strings)}get origin(){return(this.handler.debug?this[Et].stack:this.tagged&&ht.has(this.strings)?ht.get(this.strings):ht.set(this.strings,this[Et].stack).get(this.strings))||""}static get[Symbol.species](){return Promise}cancel(){return this.canceller&&(this.canceller(this),this.canceller=null)}simple(){return this.options.simple=!0,this.options.prepare=!1,this}async readable(){return this.simple(),this.streaming=!0,this}async writable(){return this.simple(),this.streaming=!0,this}cursor(e=1,r){if(this.options.simple=!1,typeof e=="function"&&(r=e,e=1),this.cursorRows=e,typeof r=="function")return this.cursorFn=r,this;let n;return{[Symbol.asyncIterator]:()=>({next:()=>{if(this.executed&&!this.active)return{done:!0};n&&n();let i=new Promise((a,o)=>{this.cursorFn=c=>(a({value:c,done:!1}),new Promise(u=>n=u)),this.resolve=()=>(this.active=!1,a({done:!0})),this.reject=c=>(this.active=!1,o(c))});return this.execute(),i},return(){return n&&n(ye),{done:!0}}})}}describe(){return this.options.simple=!1,this.onlyDescribe=this.options.prepare=!0,this}stream(){throw new Error(".stream has been renamed to .forEach")}forEach(e){return this.forEachFn=e,this.handle(),this}raw(){return this.isRaw=!0,this}values(){return this.isRaw="values",this}async handle(){!this.executed&&(this.executed=!0)&&await 1&&this.handler(this)}execute(){return this.handle(),this}then(){return this.handle(),super.then.apply(this,arguments)}catch(){return this.handle(),super.catch.apply(this,arguments)}finally(){return this.handle(),super.finally.apply(this,arguments)}};function qn(t){if(Ke.has(t))return Ke.get(t);let e=Error.stackTraceLimit;return Error.stackTraceLimit=4,Ke.set(t,new Error),Error.stackTraceLimit=e,Ke.get(t)}var ge=class extends Error{constructor(e){super(e.message),this.name=this.constructor.name,Object.assign(this,e)}},q={connection:or,postgres:ar,generic:lr,notSupported:ur};function or(t,e,r){let{host:n,port:i}=r||e,a=Object.assign(new Error("write "+t+" "+(e.path||n+":"+i)),{code:t,errno:t,address:e.path||n},e.path?{}:{port:i});return Error.captureStackTrace(a,or),a}function ar(t){let e=new ge(t);return Error.captureStackTrace(e,ar),e}function lr(t,e){let r=Object.assign(new Error(t+": "+e),{code:t});return Error.captureStackTrace(r,lr),r}function ur(t){let e=Object.assign(new Error(t+" (B) is not supported"),{code:"MESSAGE_NOT_SUPPORTED",name:t});return Error.captureStackTrace(e,ur),e}var Wn={string:{to:25,from:null,serialize:t=>""+t},number:{to:0,from:[21,23,26,700,701],serialize:t=>""+t,parse:t=>+t},json:{to:114,from:[114,3802],serialize:t=>JSON.stringify(t),parse:t=>JSON.parse(t)},boolean:{to:16,from:16,serialize:t=>t===!0?"t":"f",parse:t=>t==="t"},date:{to:1184,from:[1082,1114,1184],serialize:t=>(t instanceof Date?t:new Date(t)).toISOString(),parse:t=>new Date(t)},bytea:{to:17,from:17,serialize:t=>"\\x"+Buffer.from(t).toString("hex"),parse:t=>Buffer.from(t.slice(2),"hex")}},Me=class{then(){ft()}catch(){ft()}finally(){ft()}},De=class extends Me{constructor(e){super(),this.value=Ze(e)}},oe=class extends Me{constructor(e,r,n){super(),this.value=e,this.type=r,this.array=n}},$e=class extends Me{constructor(e,r){super(),this.first=e,this.rest=r}build(e,r,n,i){let a=Pn.map(([o,c])=>({fn:c,i:e.search(o)})).sort((o,c)=>o.i-c.i).pop();return a.i===-1?gt(this.first,i):a.fn(this.first,this.rest,r,n,i)}};function Ve(t,e,r,n){let i=t instanceof oe?t.value:t;if(i===void 0&&(t instanceof oe?t.value=n.transform.undefined:i=t=n.transform.undefined,i===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return"$"+r.push(t instanceof oe?(e.push(t.value),t.array?t.array[t.type||Qe(t.value)]||t.type||Er(t.value):t.type):(e.push(t),Qe(t)))}var dr=_r(Wn);function Nt(t,e,r,n,i,a){for(let o=1;o<t.strings.length;o++)e+=mt(e,r,n,i,a)+t.strings[o],r=t.args[o];return e}function mt(t,e,r,n,i){return e instanceof $e?e.build(t,r,n,i):e instanceof te?pt(e,r,n,i):e instanceof De?e.value:e&&e[0]instanceof te?e.reduce((a,o)=>a+" "+pt(o,r,n,i),""):Ve(e,r,n,i)}function pt(t,e,r,n){return t.fragment=!0,Nt(t,t.strings[0],t.args[0],e,r,n)}function hr(t,e,r,n,i){return t.map(a=>"("+n.map(o=>mt("values",a[o],e,r,i)).join(",")+")").join(",")}function cr(t,e,r,n,i){let a=Array.isArray(t[0]),o=e.length?e.flat():Object.keys(a?t[0]:t);return hr(a?t:[t],r,n,o,i)}function Je(t,e,r,n,i){if(typeof t=="string"&&(t=[t].concat(e)),Array.isArray(t))return gt(t,i);let a;return(e.length?e.flat():Object.keys(t)).map(c=>(a=t[c],(a instanceof te?pt(a,r,n,i):a instanceof De?a.value:Ve(a,r,n,i))+" as "+Ze(i.transform.column.to?i.transform.column.to(c):c))).join(",")}var Pn=Object.entries({values:cr,in:(...t)=>{let e=cr(...t);return e==="()"?"(null)":e},select:Je,as:Je,returning:Je,"\\(":Je,update(t,e,r,n,i){return(e.length?e.flat():Object.keys(t)).map(a=>Ze(i.transform.column.to?i.transform.column.to(a):a)+"="+mt("values",t[a],r,n,i))},insert(t,e,r,n,i){let a=e.length?e.flat():Object.keys(Array.isArray(t)?t[0]:t);return"("+gt(a,i)+")values"+hr(Array.isArray(t)?t:[t],r,n,a,i)}}).map(([t,e])=>[new RegExp("((?:^|[\\s(])"+t+"(?:$|[\\s(]))(?![\\s\\S]*\\1)","i"),e]);function ft(){throw q.generic("NOT_TAGGED_CALL","Query not called as a tagged template literal")}var xn=dr.serializers,Bn=dr.parsers;function Er(t){return Array.isArray(t)?Er(t[0]):typeof t=="string"?1009:0}var fr=function(t){let e=_r(t||{});return{serializers:Object.assign({},xn,e.serializers),parsers:Object.assign({},Bn,e.parsers)}};function _r(t){return Object.keys(t).reduce((e,r)=>(t[r].from&&[].concat(t[r].from).forEach(n=>e.parsers[n]=t[r].parse),t[r].serialize&&(e.serializers[t[r].to]=t[r].serialize,t[r].from&&[].concat(t[r].from).forEach(n=>e.serializers[n]=t[r].serialize)),e),{parsers:{},serializers:{}})}function gt(t,{transform:{column:e}}){return t.map(r=>Ze(e.to?e.to(r):r)).join(",")}var Ze=function(e){return'"'+e.replace(/"/g,'""').replace(/\./g,'"."')+'"'},Qe=function t(e){return e instanceof oe?e.type:e instanceof Date?1184:e instanceof Uint8Array?17:e===!0||e===!1?16:typeof e=="bigint"?20:Array.isArray(e)?t(e[0]):0},Gn=/\\/g,Yn=/"/g;function Xn(t){return t.replace(Gn,"\\\\").replace(Yn,'\\"')}var pr=function t(e,r,n,i){if(Array.isArray(e)===!1)return e;if(!e.length)return"{}";let a=e[0],o=i===1020?";":",";return Array.isArray(a)&&!a.type?"{"+e.map(c=>t(c,r,n,i)).join(o)+"}":"{"+e.map(c=>{if(c===void 0&&(c=n.transform.undefined,c===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return c===null?"null":'"'+Xn(r?r(c.type?c.value:c):""+c)+'"'}).join(o)+"}"},_t={i:0,char:null,str:"",quoted:!1,last:0},Nr=function(e,r,n){return _t.i=_t.last=0,mr(_t,e,r,n)};function mr(t,e,r,n){let i=[],a=n===1020?";":",";for(;t.i<e.length;t.i++){if(t.char=e[t.i],t.quoted)t.char==="\\"?t.str+=e[++t.i]:t.char==='"'?(i.push(r?r(t.str):t.str),t.str="",t.quoted=e[t.i+1]==='"',t.last=t.i+2):t.str+=t.char;else if(t.char==='"')t.quoted=!0;else if(t.char==="{")t.last=++t.i,i.push(mr(t,e,r,n));else if(t.char==="}"){t.quoted=!1,t.last<t.i&&i.push(r?r(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1;break}else t.char===a&&t.p!=="}"&&t.p!=='"'&&(i.push(r?r(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1);t.p=t.char}return t.last<t.i&&i.push(r?r(e.slice(t.last,t.i+1)):e.slice(t.last,t.i+1)),i}var Te=t=>{let e=t[0];for(let r=1;r<t.length;r++)e+=t[r]==="_"?t[++r].toUpperCase():t[r];return e},we=t=>{let e=t[0].toUpperCase();for(let r=1;r<t.length;r++)e+=t[r]==="_"?t[++r].toUpperCase():t[r];return e},Ae=t=>t.replace(/_/g,"-"),qe=t=>t.replace(/([A-Z])/g,"_$1").toLowerCase(),We=t=>(t.slice(0,1)+t.slice(1).replace(/([A-Z])/g,"_$1")).toLowerCase(),Pe=t=>t.replace(/-/g,"_");function Tt(t){return function e(r,n){return typeof r=="object"&&r!==null&&(n.type===114||n.type===3802)?Array.isArray(r)?r.map(i=>e(i,n)):Object.entries(r).reduce((i,[a,o])=>Object.assign(i,{[t(a)]:e(o,n)}),{}):r}}Te.column={from:Te};Te.value={from:Tt(Te)};qe.column={to:qe};var wt={...Te};wt.column.to=qe;we.column={from:we};we.value={from:Tt(we)};We.column={to:We};var At={...we};At.column.to=We;Ae.column={from:Ae};Ae.value={from:Tt(Ae)};Pe.column={to:Pe};var Ot={...Ae};Ot.column.to=Pe;import gr from"node:net";import Qn from"node:tls";import xe from"node:crypto";import Rt from"node:stream";import{performance as Tr}from"node:perf_hooks";var _e=class extends Array{constructor(){super(),Object.defineProperties(this,{count:{value:null,writable:!0},state:{value:null,writable:!0},command:{value:null,writable:!0},columns:{value:null,writable:!0},statement:{value:null,writable:!0}})}static get[Symbol.species](){return Array}};var re=zn;function zn(t=[]){let e=t.slice(),r=0;return{get length(){return e.length-r},remove:n=>{let i=e.indexOf(n);return i===-1?null:(e.splice(i,1),n)},push:n=>(e.push(n),n),shift:()=>{let n=e[r++];return r===e.length?(r=0,e=[]):e[r-1]=void 0,n}}}var z=Buffer.allocUnsafe(256),Kn="BCcDdEFfHPpQSX".split("").reduce((t,e)=>{let r=e.charCodeAt(0);return t[e]=()=>(z[0]=r,D.i=5,D),t},{}),D=Object.assign(Jn,Kn,{N:"\0",i:0,inc(t){return D.i+=t,D},str(t){let e=Buffer.byteLength(t);return et(e),D.i+=z.write(t,D.i,e,"utf8"),D},i16(t){return et(2),z.writeUInt16BE(t,D.i),D.i+=2,D},i32(t,e){return e||e===0?(z.writeUInt32BE(t,e),D):(et(4),z.writeUInt32BE(t,D.i),D.i+=4,D)},z(t){return et(t),z.fill(0,D.i,D.i+t),D.i+=t,D},raw(t){return z=Buffer.concat([z.subarray(0,D.i),t]),D.i=z.length,D},end(t=1){z.writeUInt32BE(D.i-t,t);let e=z.subarray(0,D.i);return D.i=0,z=Buffer.allocUnsafe(256),e}}),f=D;function et(t){if(z.length-D.i<t){let e=z,r=e.length;z=Buffer.allocUnsafe(r+(r>>1)+t),e.copy(z)}}function Jn(){return D.i=0,D}var St=Or,Vn=1,pe=f().S().end(),wr=f().H().end(),Zn=f().i32(8).i32(80877103).end(8),es=Buffer.concat([f().E().str(f.N).i32(0).end(),pe]),ts=f().D().str("S").str(f.N).end(),Ie=()=>{},rs=new Set(["FetchPreparedStatement","RevalidateCachedQuery","transformAssignedExpr"]),ns={83:"severity_local",86:"severity",67:"code",77:"message",68:"detail",72:"hint",80:"position",112:"internal_position",113:"internal_query",87:"where",115:"schema_name",116:"table_name",99:"column_name",100:"data type_name",110:"constraint_name",70:"file",76:"line",82:"routine"};function Or(t,e={},{onopen:r=Ie,onend:n=Ie,onclose:i=Ie}={}){let{sslnegotiation:a,ssl:o,max:c,user:u,host:m,port:R,database:T,parsers:g,transform:A,onnotice:v,onnotify:p,onparameter:x,max_pipeline:U,keep_alive:ie,backoff:ne,target_session_attrs:Z}=t,L=re(),he=Vn++,le={pid:null,secret:null},Re=Lt(ct,t.idle_timeout),me=Lt(ct,t.max_lifetime),S=Lt(Vr,t.connect_timeout),E=null,ue,V=null,b=new _e,K=Buffer.alloc(0),Le=t.fetch_types,ce={},d={},N=Math.random().toString(36).slice(2),C=1,W=0,M=0,w=0,y=0,F=0,H=0,P=0,J=null,I=null,de=!1,ae=null,Ee=null,G=null,k=null,j=null,ee=null,Ge=null,lt=null,h=null,ve=null,Y={queue:e.closed,idleTimer:Re,connect(s){G=s,Xt()},terminate:He,execute:ke,cancel:zr,end:ct,count:0,id:he};return e.closed&&e.closed.push(Y),Y;async function Xr(){let s;try{s=t.socket?await Promise.resolve(t.socket(t)):new gr.Socket}catch(l){be(l);return}return s.on("error",be),s.on("close",zt),s.on("drain",Gt),s}async function zr({pid:s,secret:l},_,O){try{ue=f().i32(16).i32(80877102).i32(s).i32(l).end(16),await Yt(),E.once("error",O),E.once("close",_)}catch($){O($)}}function ke(s){if(de)return Fe(s,q.connection("CONNECTION_DESTROYED",t));if(j)return Fe(s,q.generic("COPY_IN_PROGRESS","You cannot execute queries during copy"));if(!s.cancelled)try{return s.state=le,h?L.push(s):(h=s,h.active=!0),Qr(s),B(Kr(s))&&!s.describeFirst&&!s.cursorFn&&L.length<U&&(!s.options.onexecute||s.options.onexecute(Y))}catch(l){return L.length===0&&B(pe),se(l),!0}}function Kr(s){if(s.parameters.length>=65534)throw q.generic("MAX_PARAMETERS_EXCEEDED","Max number of parameters (65534) exceeded");return s.options.simple?f().Q().str(s.statement.string+f.N).end():s.describeFirst?Buffer.concat([Pt(s),wr]):s.prepare?s.prepared?Ye(s):Buffer.concat([Pt(s),Ye(s)]):Jr(s)}function Pt(s){return Buffer.concat([Jt(s.statement.string,s.parameters,s.statement.types,s.statement.name),Hn("S",s.statement.name)])}function Ye(s){return Buffer.concat([Fn(s.parameters,s.statement.types,s.statement.name,s.cursorName),s.cursorFn?Qt("",s.cursorRows):es])}function Jr(s){return Buffer.concat([Jt(s.statement.string,s.parameters,s.statement.types),ts,Ye(s)])}function Qr(s){let l=[],_=[],O=Nt(s,s.strings[0],s.args[0],l,_,t);!s.tagged&&s.args.forEach($=>Ve($,l,_,t)),s.prepare=t.prepare&&("prepare"in s.options?s.options.prepare:!0),s.string=O,s.signature=s.prepare&&_+O,s.onlyDescribe&&delete d[s.signature],s.parameters=s.parameters||l,s.prepared=s.prepare&&s.signature in d,s.describeFirst=s.onlyDescribe||l.length&&!s.prepared,s.statement=s.prepared?d[s.signature]:{string:O,types:_,name:s.prepare?N+C++:""},typeof t.debug=="function"&&t.debug(he,O,l,_)}function B(s,l){return ee=ee?Buffer.concat([ee,s]):Buffer.from(s),l||ee.length>=1024?xt(l):(I===null&&(I=setImmediate(xt)),!0)}function xt(s){let l=E.write(ee,s);return I!==null&&clearImmediate(I),ee=I=null,l}function Vr(){se(q.connection("CONNECT_TIMEOUT",t,E)),E.destroy()}async function Bt(){if(a!=="direct"&&(B(Zn),!await new Promise(_=>E.once("data",O=>_(O[0]===83)))&&o==="prefer"))return Se();let s={socket:E,servername:gr.isIP(E.host)?void 0:E.host};a==="direct"&&(s.ALPNProtocols=["postgresql"]),o==="require"||o==="allow"||o==="prefer"?s.rejectUnauthorized=!1:typeof o=="object"&&Object.assign(s,o),E.removeAllListeners(),E=Qn.connect(s),E.on("secureConnect",Se),E.on("error",be),E.on("close",zt),E.on("drain",Gt)}function Gt(){!h&&r(Y)}function ut(s){if(!(ae&&(ae.push(s),M-=s.length,M>0)))for(K=ae?Buffer.concat(ae,F-M):K.length===0?s:Buffer.concat([K,s],K.length+s.length);K.length>4;){if(F=K.readUInt32BE(1),F>=K.length){M=F-K.length,ae=[K];break}try{Zr(K.subarray(0,F+1))}catch(l){h&&(h.cursorFn||h.describeFirst)&&B(pe),se(l)}K=K.subarray(F+1),M=0,ae=null}}async function Yt(){if(de=!1,ce={},E||(E=await Xr()),!!E){if(S.start(),t.socket)return o?Bt():Se();if(E.on("connect",o?Bt:Se),t.path)return E.connect(t.path);E.ssl=o,E.connect(R[w],m[w]),E.host=m[w],E.port=R[w],w=(w+1)%R.length}}function Xt(){setTimeout(Yt,W?Math.max(0,W+H-Tr.now()):0)}function Se(){try{d={},Le=t.fetch_types,N=Math.random().toString(36).slice(2),C=1,me.start(),E.on("data",ut),ie&&E.setKeepAlive&&E.setKeepAlive(!0,1e3*ie);let s=$n();B(s)}catch(s){be(s)}}function be(s){if(!(Y.queue===e.connecting&&t.host[y+1]))for(se(s);L.length;)Fe(L.shift(),s)}function se(s){j&&(j.destroy(s),j=null),h&&Fe(h,s),G&&(Fe(G,s),G=null)}function Fe(s,l){if(s.reserve)return s.reject(l);(!l||typeof l!="object")&&(l=new Error(l)),"query"in l||"parameters"in l||Object.defineProperties(l,{stack:{value:l.stack+s.origin.replace(/.*\n/,`
`),enumerable:t.debug},query:{value:s.string,enumerable:t.debug},parameters:{value:s.parameters,enumerable:t.debug},args:{value:s.args,enumerable:t.debug},types:{value:s.statement&&s.statement.types,enumerable:t.debug}}),s.reject(l)}function ct(){return k||(!Y.reserved&&n(Y),!Y.reserved&&!G&&!h&&L.length===0?(He(),new Promise(s=>E&&E.readyState!=="closed"?E.once("close",s):s())):k=new Promise(s=>Ge=s))}function He(){de=!0,(j||h||G||L.length)&&be(q.connection("CONNECTION_DESTROYED",t)),clearImmediate(I),E&&(E.removeListener("data",ut),E.removeListener("connect",Se),E.readyState==="open"&&E.end(f().X().end())),Ge&&(Ge(),k=Ge=null)}async function zt(s){if(K=Buffer.alloc(0),M=0,ae=null,clearImmediate(I),E.removeListener("data",ut),E.removeListener("connect",Se),Re.cancel(),me.cancel(),S.cancel(),E.removeAllListeners(),E=null,G)return Xt();!s&&(h||L.length)&&be(q.connection("CONNECTION_CLOSED",t,E)),W=Tr.now(),s&&t.shared.retries++,H=(typeof ne=="function"?ne(t.shared.retries):ne)*1e3,i(Y,q.connection("CONNECTION_CLOSED",t,E))}function Zr(s,l=s[0]){(l===68?en:l===100?yn:l===65?An:l===83?tn:l===90?rn:l===67?nn:l===50?Kt:l===49?sn:l===116?on:l===84?an:l===82?ln:l===110?fn:l===75?_n:l===69?Tn:l===115?On:l===51?Rn:l===71?Ln:l===78?In:l===72?Sn:l===99?Dn:l===73?jn:l===86?Un:l===118?Cn:l===87?bn:vn)(s)}function en(s){let l=7,_,O,$,X=h.isRaw?new Array(h.statement.columns.length):{};for(let Q=0;Q<h.statement.columns.length;Q++)O=h.statement.columns[Q],_=s.readInt32BE(l),l+=4,$=_===-1?null:h.isRaw===!0?s.subarray(l,l+=_):O.parser===void 0?s.toString("utf8",l,l+=_):O.parser.array===!0?O.parser(s.toString("utf8",l+1,l+=_)):O.parser(s.toString("utf8",l,l+=_)),h.isRaw?X[Q]=h.isRaw===!0?$:A.value.from?A.value.from($,O):$:X[O.name]=A.value.from?A.value.from($,O):$;h.forEachFn?h.forEachFn(A.row.from?A.row.from(X):X,b):b[P++]=A.row.from?A.row.from(X):X}function tn(s){let[l,_]=s.toString("utf8",5,s.length-1).split(f.N);ce[l]=_,t.parameters[l]!==_&&(t.parameters[l]=_,x&&x(l,_))}function rn(s){if(h?V?h.retried?se(h.retried):h.prepared&&rs.has(V.routine)?wn(h,V):se(V):h.resolve(Ee||b):V&&se(V),h=Ee=V=null,b=new _e,S.cancel(),G){if(Z){if(!ce.in_hot_standby||!ce.default_transaction_read_only)return gn();if(mn(Z,ce))return He()}if(Le)return G.reserve&&(G=null),pn();G&&!G.reserve&&ke(G),t.shared.retries=y=0,G=null;return}for(;L.length&&(h=L.shift())&&(h.active=!0,h.cancelled);)Or(t).cancel(h.state,h.cancelled.resolve,h.cancelled.reject);h||(Y.reserved?!Y.reserved.release&&s[5]===73?k?He():(Y.reserved=null,r(Y)):Y.reserved():k?He():r(Y))}function nn(s){P=0;for(let l=s.length-1;l>0;l--)if(s[l]===32&&s[l+1]<58&&b.count===null&&(b.count=+s.toString("utf8",l+1,s.length-1)),s[l-1]>=65){b.command=s.toString("utf8",5,l),b.state=le;break}if(ve&&(ve(),ve=null),b.command==="BEGIN"&&c!==1&&!Y.reserved)return se(q.generic("UNSAFE_TRANSACTION","Only use sql.begin, sql.reserved or max: 1"));if(h.options.simple)return Kt();h.cursorFn&&(b.count&&h.cursorFn(b),B(pe))}function sn(){h.parsing=!1}function Kt(){!b.statement&&(b.statement=h.statement),b.columns=h.statement.columns}function on(s){let l=s.readUInt16BE(5);for(let _=0;_<l;++_)!h.statement.types[_]&&(h.statement.types[_]=s.readUInt32BE(7+_*4));h.prepare&&(d[h.signature]=h.statement),h.describeFirst&&!h.onlyDescribe&&(B(Ye(h)),h.describeFirst=!1)}function an(s){b.command&&(Ee=Ee||[b],Ee.push(b=new _e),b.count=null,h.statement.columns=null);let l=s.readUInt16BE(5),_=7,O;h.statement.columns=Array(l);for(let $=0;$<l;++$){for(O=_;s[_++]!==0;);let X=s.readUInt32BE(_),Q=s.readUInt16BE(_+4),fe=s.readUInt32BE(_+6);h.statement.columns[$]={name:A.column.from?A.column.from(s.toString("utf8",O,_-1)):s.toString("utf8",O,_-1),parser:g[fe],table:X,number:Q,type:fe},_+=18}if(b.statement=h.statement,h.onlyDescribe)return h.resolve(h.statement),B(pe)}async function ln(s,l=s.readUInt32BE(5)){(l===3?un:l===5?cn:l===10?dn:l===11?hn:l===12?En:l!==0?kn:Ie)(s,l)}async function un(){let s=await dt();B(f().p().str(s).z(1).end())}async function cn(s){let l="md5"+await Ar(Buffer.concat([Buffer.from(await Ar(await dt()+u)),s.subarray(9)]));B(f().p().str(l).z(1).end())}async function dn(){lt=(await xe.randomBytes(18)).toString("base64"),f().p().str("SCRAM-SHA-256"+f.N);let s=f.i;B(f.inc(4).str("n,,n=*,r="+lt).i32(f.i-s-4,s).end())}async function hn(s){let l=s.toString("utf8",9).split(",").reduce((Q,fe)=>(Q[fe[0]]=fe.slice(2),Q),{}),_=await xe.pbkdf2Sync(await dt(),Buffer.from(l.s,"base64"),parseInt(l.i),32,"sha256"),O=await rt(_,"Client Key"),$="n=*,r="+lt+",r="+l.r+",s="+l.s+",i="+l.i+",c=biws,r="+l.r;J=(await rt(await rt(_,"Server Key"),$)).toString("base64");let X="c=biws,r="+l.r+",p="+is(O,Buffer.from(await rt(await ss(O),$))).toString("base64");B(f().p().str(X).end())}function En(s){s.toString("utf8",9).split(f.N,1)[0].slice(2)!==J&&(se(q.generic("SASL_SIGNATURE_MISMATCH","The server did not return the correct signature")),E.destroy())}function dt(){return Promise.resolve(typeof t.pass=="function"?t.pass():t.pass)}function fn(){if(b.statement=h.statement,b.statement.columns=[],h.onlyDescribe)return h.resolve(h.statement),B(pe)}function _n(s){le.pid=s.readUInt32BE(5),le.secret=s.readUInt32BE(9)}async function pn(){Le=!1,(await new te([`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `],[],ke)).forEach(({oid:l,typarray:_})=>Nn(l,_))}function Nn(s,l){if(t.parsers[l]&&t.serializers[l])return;let _=t.parsers[s];t.shared.typeArrayMap[s]=l,t.parsers[l]=O=>Nr(O,_,l),t.parsers[l].array=!0,t.serializers[l]=O=>pr(O,t.serializers[s],t,l)}function mn(s,l){return s==="read-write"&&l.default_transaction_read_only==="on"||s==="read-only"&&l.default_transaction_read_only==="off"||s==="primary"&&l.in_hot_standby==="on"||s==="standby"&&l.in_hot_standby==="off"||s==="prefer-standby"&&l.in_hot_standby==="off"&&t.host[y]}function gn(){let s=new te([`
      show transaction_read_only;
      select pg_catalog.pg_is_in_recovery()
    `],[],ke,null,{simple:!0});s.resolve=([[l],[_]])=>{ce.default_transaction_read_only=l.transaction_read_only,ce.in_hot_standby=_.pg_is_in_recovery?"on":"off"},s.execute()}function Tn(s){h?((h.cursorFn||h.describeFirst)&&B(pe),V=q.postgres(tt(s))):se(q.postgres(tt(s)))}function wn(s,l){delete d[s.signature],s.retried=l,ke(s)}function An(s){if(!p)return;let l=9;for(;s[l++]!==0;);p(s.toString("utf8",9,l-1),s.toString("utf8",l,s.length-1))}async function On(){try{let s=await Promise.resolve(h.cursorFn(b));P=0,s===ye?B(Mn(h.portal)):(b=new _e,B(Qt("",h.cursorRows)))}catch(s){B(pe),h.reject(s)}}function Rn(){b.count&&h.cursorFn(b),h.resolve(b)}function Ln(){j=new Rt.Writable({autoDestroy:!0,write(s,l,_){E.write(f().d().raw(s).end(),_)},destroy(s,l){l(s),E.write(f().f().str(s+f.N).end()),j=null},final(s){E.write(f().c().end()),ve=s,j=null}}),h.resolve(j)}function Sn(){j=new Rt.Readable({read(){E.resume()}}),h.resolve(j)}function bn(){j=new Rt.Duplex({autoDestroy:!0,read(){E.resume()},write(s,l,_){E.write(f().d().raw(s).end(),_)},destroy(s,l){l(s),E.write(f().f().str(s+f.N).end()),j=null},final(s){E.write(f().c().end()),ve=s}}),h.resolve(j)}function yn(s){j&&(j.push(s.subarray(5))||E.pause())}function Dn(){j&&j.push(null),j=null}function In(s){v?v(tt(s)):console.log(tt(s))}function jn(){}function Un(){se(q.notSupported("FunctionCallResponse"))}function Cn(){se(q.notSupported("NegotiateProtocolVersion"))}function vn(s){console.error("Postgres.js : Unknown Message:",s[0])}function kn(s,l){console.error("Postgres.js : Unknown Auth:",l)}function Fn(s,l,_="",O=""){let $,X;return f().B().str(O+f.N).str(_+f.N).i16(0).i16(s.length),s.forEach((Q,fe)=>{if(Q===null)return f.i32(4294967295);X=l[fe],s[fe]=Q=X in t.serializers?t.serializers[X](Q):""+Q,$=f.i,f.inc(4).str(Q).i32(f.i-$-4,$)}),f.i16(0),f.end()}function Jt(s,l,_,O=""){return f().P().str(O+f.N).str(s+f.N).i16(l.length),l.forEach(($,X)=>f.i32(_[X]||0)),f.end()}function Hn(s,l=""){return f().D().str(s).str(l+f.N).end()}function Qt(s="",l=0){return Buffer.concat([f().E().str(s+f.N).i32(l).end(),wr])}function Mn(s=""){return Buffer.concat([f().C().str("P").str(s+f.N).end(),f().S().end()])}function $n(){return ue||f().inc(4).i16(3).z(2).str(Object.entries(Object.assign({user:u,database:T,client_encoding:"UTF8"},t.connection)).filter(([,s])=>s).map(([s,l])=>s+f.N+l).join(f.N)).z(2).end(0)}}function tt(t){let e={},r=5;for(let n=5;n<t.length-1;n++)t[n]===0&&(e[ns[t[r]]]=t.toString("utf8",r+1,n),r=n+1);return e}function Ar(t){return xe.createHash("md5").update(t).digest("hex")}function rt(t,e){return xe.createHmac("sha256",t).update(e).digest()}function ss(t){return xe.createHash("sha256").update(t).digest()}function is(t,e){let r=Math.max(t.length,e.length),n=Buffer.allocUnsafe(r);for(let i=0;i<r;i++)n[i]=t[i]^e[i];return n}function Lt(t,e){if(e=typeof e=="function"?e():e,!e)return{cancel:Ie,start:Ie};let r;return{cancel(){r&&(clearTimeout(r),r=null)},start(){r&&clearTimeout(r),r=setTimeout(n,e*1e3,arguments)}};function n(i){t.apply(null,i),r=null}}var Rr=()=>{};function bt(t,e){let r=new Map,n="postgresjs_"+Math.random().toString(36).slice(2),i={},a,o,c=!1,u=T.sql=t({...e,transform:{column:{},value:{},row:{}},max:1,fetch_types:!1,idle_timeout:null,max_lifetime:null,connection:{...e.connection,replication:"database"},onclose:async function(){c||(o=null,i.pid=i.secret=void 0,g(await A(u,n,e.publications)),r.forEach(p=>p.forEach(({onsubscribe:x})=>x())))},no_subscribe:!0}),m=u.end,R=u.close;return u.end=async()=>(c=!0,o&&await new Promise(p=>(o.once("close",p),o.end())),m()),u.close=async()=>(o&&await new Promise(p=>(o.once("close",p),o.end())),R()),T;async function T(p,x,U=Rr,ie=Rr){p=ls(p),a||(a=A(u,n,e.publications));let ne={fn:x,onsubscribe:U},Z=r.has(p)?r.get(p).add(ne):r.set(p,new Set([ne])).get(p),L=()=>{Z.delete(ne),Z.size===0&&r.delete(p)};return a.then(he=>(g(he),U(),o&&o.on("error",ie),{unsubscribe:L,state:i,sql:u}))}function g(p){o=p.stream,i.pid=p.state.pid,i.secret=p.state.secret}async function A(p,x,U){if(!U)throw new Error("Missing publication names");let ie=await p.unsafe(`CREATE_REPLICATION_SLOT ${x} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`),[ne]=ie,Z=await p.unsafe(`START_REPLICATION SLOT ${x} LOGICAL ${ne.consistent_point} (proto_version '1', publication_names '${U}')`).writable(),L={lsn:Buffer.concat(ne.consistent_point.split("/").map(S=>Buffer.from(("00000000"+S).slice(-8),"hex")))};return Z.on("data",le),Z.on("error",he),Z.on("close",p.close),{stream:Z,state:ie.state};function he(S){console.error("Unexpected error during logical streaming - reconnecting",S)}function le(S){S[0]===119?as(S.subarray(25),L,p.options.parsers,Re,e.transform):S[0]===107&&S[17]&&(L.lsn=S.subarray(1,9),me())}function Re(S,E){let ue=E.relation.schema+"."+E.relation.table;v("*",S,E),v("*:"+ue,S,E),E.relation.keys.length&&v("*:"+ue+"="+E.relation.keys.map(V=>S[V.name]),S,E),v(E.command,S,E),v(E.command+":"+ue,S,E),E.relation.keys.length&&v(E.command+":"+ue+"="+E.relation.keys.map(V=>S[V.name]),S,E)}function me(){let S=Buffer.alloc(34);S[0]=114,S.fill(L.lsn,1),S.writeBigInt64BE(BigInt(Date.now()-Date.UTC(2e3,0,1))*BigInt(1e3),25),Z.write(S)}}function v(p,x,U){r.has(p)&&r.get(p).forEach(({fn:ie})=>ie(x,U,p))}}function os(t){return new Date(Date.UTC(2e3,0,1)+Number(t/BigInt(1e3)))}function as(t,e,r,n,i){let a=(o,[c,u])=>(o[c.charCodeAt(0)]=u,o);Object.entries({R:o=>{let c=1,u=e[o.readUInt32BE(c)]={schema:o.toString("utf8",c+=4,c=o.indexOf(0,c))||"pg_catalog",table:o.toString("utf8",c+1,c=o.indexOf(0,c+1)),columns:Array(o.readUInt16BE(c+=2)),keys:[]};c+=2;let m=0,R;for(;c<o.length;)R=u.columns[m++]={key:o[c++],name:i.column.from?i.column.from(o.toString("utf8",c,c=o.indexOf(0,c))):o.toString("utf8",c,c=o.indexOf(0,c)),type:o.readUInt32BE(c+=1),parser:r[o.readUInt32BE(c)],atttypmod:o.readUInt32BE(c+=4)},R.key&&u.keys.push(R),c+=4},Y:()=>{},O:()=>{},B:o=>{e.date=os(o.readBigInt64BE(9)),e.lsn=o.subarray(1,9)},I:o=>{let c=1,u=e[o.readUInt32BE(c)],{row:m}=nt(o,u.columns,c+=7,i);n(m,{command:"insert",relation:u})},D:o=>{let c=1,u=e[o.readUInt32BE(c)];c+=4;let m=o[c]===75;n(m||o[c]===79?nt(o,u.columns,c+=3,i).row:null,{command:"delete",relation:u,key:m})},U:o=>{let c=1,u=e[o.readUInt32BE(c)];c+=4;let m=o[c]===75,R=m||o[c]===79?nt(o,u.columns,c+=3,i):null;R&&(c=R.i);let{row:T}=nt(o,u.columns,c+3,i);n(T,{command:"update",relation:u,key:m,old:R&&R.row})},T:()=>{},C:()=>{}}).reduce(a,{})[t[0]](t)}function nt(t,e,r,n){let i,a,o,c=n.raw?new Array(e.length):{};for(let u=0;u<e.length;u++)i=t[r++],a=e[u],o=i===110?null:i===117?void 0:a.parser===void 0?t.toString("utf8",r+4,r+=4+t.readUInt32BE(r)):a.parser.array===!0?a.parser(t.toString("utf8",r+5,r+=4+t.readUInt32BE(r))):a.parser(t.toString("utf8",r+4,r+=4+t.readUInt32BE(r))),n.raw?c[u]=n.raw===!0?o:n.value.from?n.value.from(o,a):o:c[a.name]=n.value.from?n.value.from(o,a):o;return{i:r,row:n.row.from?n.row.from(c):c}}function ls(t){let e=t.match(/^(\*|insert|update|delete)?:?([^.]+?\.?[^=]+)?=?(.+)?/i)||[];if(!e)throw new Error("Malformed subscribe pattern: "+t);let[,r,n,i]=e;return(r||"*")+(n?":"+(n.indexOf(".")===-1?"public."+n:n):"")+(i?"="+i:"")}import Lr from"node:stream";function yt(t,e,r=393216){return new Promise(async(n,i)=>{await t.begin(async a=>{let o;!e&&([{oid:e}]=await a`select lo_creat(-1) as oid`);let[{fd:c}]=await a`select lo_open(${e}, ${r}) as fd`,u={writable:R,readable:m,close:()=>a`select lo_close(${c})`.then(o),tell:()=>a`select lo_tell64(${c})`,read:T=>a`select loread(${c}, ${T}) as data`,write:T=>a`select lowrite(${c}, ${T})`,truncate:T=>a`select lo_truncate64(${c}, ${T})`,seek:(T,g=0)=>a`select lo_lseek64(${c}, ${T}, ${g})`,size:()=>a`
          select
            lo_lseek64(${c}, location, 0) as position,
            seek.size
          from (
            select
              lo_lseek64($1, 0, 2) as size,
              tell.location
            from (select lo_tell64($1) as location) tell
          ) seek
        `};return n(u),new Promise(async T=>o=T);async function m({highWaterMark:T=2048*8,start:g=0,end:A=1/0}={}){let v=A-g;return g&&await u.seek(g),new Lr.Readable({highWaterMark:T,async read(p){let x=p>v?p-v:p;v-=p;let[{data:U}]=await u.read(x);this.push(U),U.length<p&&this.push(null)}})}async function R({highWaterMark:T=2048*8,start:g=0}={}){return g&&await u.seek(g),new Lr.Writable({highWaterMark:T,write(A,v,p){u.write(A).then(()=>p(),p)}})}}).catch(i)})}Object.assign(st,{PostgresError:ge,toPascal:we,pascal:At,toCamel:Te,camel:wt,toKebab:Ae,kebab:Ot,fromPascal:We,fromCamel:qe,fromKebab:Pe,BigInt:{to:20,from:[20],parse:t=>BigInt(t),serialize:t=>t.toString()}});var Dt=st;function st(t,e){let r=ds(t,e),n=r.no_subscribe||bt(st,{...r}),i=!1,a=re(),o=re(),c=re(),u=re(),m=re(),R=re(),T=re(),g=re(),A={connecting:o,reserved:c,closed:u,ended:m,open:R,busy:T,full:g},v=[...Array(r.max)].map(()=>St(r,A,{onopen:Le,onend:K,onclose:ce})),p=x(Re);return Object.assign(p,{get parameters(){return r.parameters},largeObject:yt.bind(null,p),subscribe:n,CLOSE:ye,END:ye,PostgresError:ge,options:r,reserve:ne,listen:U,begin:Z,close:ue,end:E}),p;function x(d){return d.debug=r.debug,Object.entries(r.types).reduce((w,[y,F])=>(w[y]=H=>new oe(H,F.to),w),N),Object.assign(C,{types:N,typed:N,unsafe:W,notify:ie,array:le,json:he,file:M}),C;function N(w,y){return new oe(w,y)}function C(w,...y){return w&&Array.isArray(w.raw)?new te(w,y,d,S):typeof w=="string"&&!y.length?new De(r.transform.column.to?r.transform.column.to(w):w):new $e(w,y)}function W(w,y=[],F={}){return arguments.length===2&&!Array.isArray(y)&&(F=y,y=[]),new te([w],y,d,S,{prepare:!1,...F,simple:"simple"in F?F.simple:y.length===0})}function M(w,y=[],F={}){return arguments.length===2&&!Array.isArray(y)&&(F=y,y=[]),new te([],y,P=>{cs.readFile(w,"utf8",(J,I)=>{if(J)return P.reject(J);P.strings=[I],d(P)})},S,{...F,simple:"simple"in F?F.simple:y.length===0})}}async function U(d,N,C){let W={fn:N,onlisten:C},M=U.sql||(U.sql=st({...r,max:1,idle_timeout:null,max_lifetime:null,fetch_types:!1,onclose(){Object.entries(U.channels).forEach(([P,{listeners:J}])=>{delete U.channels[P],Promise.all(J.map(I=>U(P,I.fn,I.onlisten).catch(()=>{})))})},onnotify(P,J){P in U.channels&&U.channels[P].listeners.forEach(I=>I.fn(J))}})),w=U.channels||(U.channels={});if(d in w){w[d].listeners.push(W);let P=await w[d].result;return W.onlisten&&W.onlisten(),{state:P.state,unlisten:H}}w[d]={result:M`listen ${M.unsafe('"'+d.replace(/"/g,'""')+'"')}`,listeners:[W]};let F=await w[d].result;return W.onlisten&&W.onlisten(),{state:F.state,unlisten:H};async function H(){if(d in w&&(w[d].listeners=w[d].listeners.filter(P=>P!==W),!w[d].listeners.length))return delete w[d],M`unlisten ${M.unsafe('"'+d.replace(/"/g,'""')+'"')}`}}async function ie(d,N){return await p`select pg_notify(${d}, ${""+N})`}async function ne(){let d=re(),N=R.length?R.shift():await new Promise((M,w)=>{let y={reserve:M,reject:w};a.push(y),u.length&&b(u.shift(),y)});L(N,c),N.reserved=()=>d.length?N.execute(d.shift()):L(N,c),N.reserved.release=!0;let C=x(W);return C.release=()=>{N.reserved=null,Le(N)},C;function W(M){N.queue===g?d.push(M):N.execute(M)||L(N,g)}}async function Z(d,N){!N&&(N=d,d="");let C=re(),W=0,M,w=null;try{return await p.unsafe("begin "+d.replace(/[^a-z ]/ig,""),[],{onexecute:F}).execute(),await Promise.race([y(M,N),new Promise((H,P)=>M.onclose=P)])}catch(H){throw H}async function y(H,P,J){let I=x(G);I.savepoint=Ee,I.prepare=k=>w=k.replace(/[^a-z0-9$-_. ]/gi);let de,ae;J&&await I`savepoint ${I(J)}`;try{if(ae=await new Promise((k,j)=>{let ee=P(I);Promise.resolve(Array.isArray(ee)?Promise.all(ee):ee).then(k,j)}),de)throw de}catch(k){throw await(J?I`rollback to ${I(J)}`:I`rollback`),k instanceof ge&&k.code==="25P02"&&de||k}return J||(w?await I`prepare transaction '${I.unsafe(w)}'`:await I`commit`),ae;function Ee(k,j){return k&&Array.isArray(k.raw)?Ee(ee=>ee.apply(ee,arguments)):(arguments.length===1&&(j=k,k=null),y(H,j,"s"+W+++(k?"_"+k:"")))}function G(k){k.catch(j=>de||(de=j)),H.queue===g?C.push(k):H.execute(k)||L(H,g)}}function F(H){M=H,L(H,c),H.reserved=()=>C.length?H.execute(C.shift()):L(H,c)}}function L(d,N){return d.queue.remove(d),N.push(d),d.queue=N,N===R?d.idleTimer.start():d.idleTimer.cancel(),d}function he(d){return new oe(d,3802)}function le(d,N){return Array.isArray(d)?new oe(d,N||(d.length?Qe(d)||25:0),r.shared.typeArrayMap):le(Array.from(arguments))}function Re(d){if(i)return d.reject(q.connection("CONNECTION_ENDED",r,r));if(R.length)return me(R.shift(),d);if(u.length)return b(u.shift(),d);T.length?me(T.shift(),d):a.push(d)}function me(d,N){return d.execute(N)?L(d,T):L(d,g)}function S(d){return new Promise((N,C)=>{d.state?d.active?St(r).cancel(d.state,N,C):d.cancelled={resolve:N,reject:C}:(a.remove(d),d.cancelled=!0,d.reject(q.generic("57014","canceling statement due to user request")),N())})}async function E({timeout:d=null}={}){if(i)return i;await 1;let N;return i=Promise.race([new Promise(C=>d!==null&&(N=setTimeout(V,d*1e3,C))),Promise.all(v.map(C=>C.end()).concat(U.sql?U.sql.end({timeout:0}):[],n.sql?n.sql.end({timeout:0}):[]))]).then(()=>clearTimeout(N))}async function ue(){await Promise.all(v.map(d=>d.end()))}async function V(d){for(await Promise.all(v.map(N=>N.terminate()));a.length;)a.shift().reject(q.connection("CONNECTION_DESTROYED",r));d()}function b(d,N){return L(d,o),d.connect(N),d}function K(d){L(d,m)}function Le(d){if(a.length===0)return L(d,R);let N=Math.ceil(a.length/(o.length+1)),C=!0;for(;C&&a.length&&N-- >0;){let W=a.shift();if(W.reserve)return W.reserve(d);C=d.execute(W)}C?L(d,T):L(d,g)}function ce(d,N){L(d,u),d.reserved=null,d.onclose&&(d.onclose(N),d.onclose=null),r.onclose&&r.onclose(d.id),a.length&&b(d,a.shift())}}function ds(t,e){if(t&&t.shared)return t;let r=process.env,n=(!t||typeof t=="string"?e:t)||{},{url:i,multihost:a}=ps(t),o=[...i.searchParams].reduce((g,[A,v])=>(g[A]=v,g),{}),c=n.hostname||n.host||a||i.hostname||r.PGHOST||"localhost",u=n.port||i.port||r.PGPORT||5432,m=n.user||n.username||i.username||r.PGUSERNAME||r.PGUSER||Ns();n.no_prepare&&(n.prepare=!1),o.sslmode&&(o.ssl=o.sslmode,delete o.sslmode),"timeout"in n&&(console.log("The timeout option is deprecated, use idle_timeout instead"),n.idle_timeout=n.timeout),o.sslrootcert==="system"&&(o.ssl="verify-full");let R=["idle_timeout","connect_timeout","max_lifetime","max_pipeline","backoff","keep_alive"],T={max:globalThis.Cloudflare?3:10,ssl:!1,sslnegotiation:null,idle_timeout:null,connect_timeout:30,max_lifetime:fs,max_pipeline:100,backoff:Es,keep_alive:60,prepare:!0,debug:!1,fetch_types:!0,publications:"alltables",target_session_attrs:null};return{host:Array.isArray(c)?c:c.split(",").map(g=>g.split(":")[0]),port:Array.isArray(u)?u:c.split(",").map(g=>parseInt(g.split(":")[1]||u)),path:n.path||c.indexOf("/")>-1&&c+"/.s.PGSQL."+u,database:n.database||n.db||(i.pathname||"").slice(1)||r.PGDATABASE||m,user:m,pass:n.pass||n.password||i.password||r.PGPASSWORD||"",...Object.entries(T).reduce((g,[A,v])=>{let p=A in n?n[A]:A in o?o[A]==="disable"||o[A]==="false"?!1:o[A]:r["PG"+A.toUpperCase()]||v;return g[A]=typeof p=="string"&&R.includes(A)?+p:p,g},{}),connection:{application_name:r.PGAPPNAME||"postgres.js",...n.connection,...Object.entries(o).reduce((g,[A,v])=>(A in T||(g[A]=v),g),{})},types:n.types||{},target_session_attrs:hs(n,i,r),onnotice:n.onnotice,onnotify:n.onnotify,onclose:n.onclose,onparameter:n.onparameter,socket:n.socket,transform:_s(n.transform||{undefined:void 0}),parameters:{},shared:{retries:0,typeArrayMap:{}},...fr(n.types)}}function hs(t,e,r){let n=t.target_session_attrs||e.searchParams.get("target_session_attrs")||r.PGTARGETSESSIONATTRS;if(!n||["read-write","read-only","primary","standby","prefer-standby"].includes(n))return n;throw new Error("target_session_attrs "+n+" is not supported")}function Es(t){return(.5+Math.random()/2)*Math.min(3**t/100,20)}function fs(){return 60*(30+Math.random()*30)}function _s(t){return{undefined:t.undefined,column:{from:typeof t.column=="function"?t.column:t.column&&t.column.from,to:t.column&&t.column.to},value:{from:typeof t.value=="function"?t.value:t.value&&t.value.from,to:t.value&&t.value.to},row:{from:typeof t.row=="function"?t.row:t.row&&t.row.from,to:t.row&&t.row.to}}}function ps(t){if(!t||typeof t!="string")return{url:{searchParams:new Map}};let e=t;e=e.slice(e.indexOf("://")+3).split(/[?/]/)[0],e=decodeURIComponent(e.slice(e.indexOf("@")+1));let r=new URL(t.replace(e,e.split(",")[0]));return{url:{username:decodeURIComponent(r.username),password:decodeURIComponent(r.password),host:r.host,hostname:r.hostname,port:r.port,pathname:r.pathname,searchParams:r.searchParams},multihost:e.indexOf(",")>-1&&e}}function Ns(){try{return us.userInfo().username}catch{return process.env.USERNAME||process.env.USER||process.env.LOGNAME}}import{checkServerIdentity as Sr}from"node:tls";async function br(t){let e=t.options.connect_timeout+2,r,n=new Promise((i,a)=>{r=setTimeout(()=>{a(new Error(`no answer in PostgreSQL's protocol within ${e}s (the address takes connections but closes them or stays silent: is it another service's port?)`))},e*1e3)});try{await Promise.race([t`SELECT 1`.execute(),n])}finally{clearTimeout(r)}}var It=[{version:1,what:"jobs, origins, fires, workers and results",sql:`
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
    `},{version:16,what:"the fetches under way when their queue was cancelled queue no links (db cancel)",sql:"ALTER TABLE corun_jobs ADD COLUMN cancelled_at timestamptz;"}],Dr=It[It.length-1].version,ms=427071534446;async function jt(t,e=Dr){await br(t);let r=It.filter(i=>i.version<=e),n=await gs(t);return n!==void 0&&yr(n,r)?[]:await t.begin(async i=>{await i`SELECT pg_advisory_xact_lock(${ms})`,await i`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;let a=await i`SELECT version FROM corun_migrations`,o=new Set(a.map(u=>u.version));if(yr(o,r))return[];let c=[];for(let u of r)o.has(u.version)||(await i.unsafe(u.sql),await i`INSERT INTO corun_migrations (version, what) VALUES (${u.version}, ${u.what})`,c.push(u.version));return c})}async function gs(t){let[e]=await t`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;if(!e.found)return;let r=await t`SELECT version FROM corun_migrations`;return new Set(r.map(n=>n.version))}function yr(t,e){let r=Math.max(0,...t),n=Math.max(0,...e.map(i=>i.version));if(r>n)throw new Error(`The database's corun tables are at version ${r}, newer than this corun's ${n}: upgrade corun on this machine`);return e.every(i=>t.has(i.version))}var Ir=/\\u(?:0000|d[89a-f])/;function je(t){let e=JSON.stringify(t);return Ir.test(e)?JSON.stringify(t,Ur):e}function jr(t){return Ir.test(t)?JSON.stringify(JSON.parse(t),Ur):t}function Ur(t,e){return typeof e=="string"?e.replaceAll("\0","\uFFFD").toWellFormed():e}var Ne="corun_jobs",Ct="corun_pauses",vt="corun_short",kt=1668248181;function Ue(){return{links:[],done:[],leftOut:[],failed:[],retries:[],released:[],dropped:[],pauses:[]}}function Fr(t,e={}){nr();let r=new URL(t),n=Ts(r);return Dt(t,{...ws(r),...n===void 0?{}:{ssl:n},max:e.max??4,onnotice:i=>{i.severity==="WARNING"&&e.onNotice?.(String(i.message))},connection:{application_name:"corun"},connect_timeout:ir(t),backoff:Os,fetch_types:!1,types:{bigint:{to:20,from:[20],serialize:i=>String(i),parse:i=>Number(i)},bigintArray:Cr(1016,i=>`{${i.join(",")}}`),textArray:Cr(1009,As)}})}function Ts(t){let e=sr(t);if(e===void 0)return;let r=Hr(t)??t.hostname;return{rejectUnauthorized:!0,checkServerIdentity:e==="ca"?()=>{}:(n,i)=>Sr(r,i)}}function ws(t){let e=Hr(t);return e===void 0?void 0:{host:[e],port:[t.port===""?5432:Number(t.port)]}}function Hr(t){return/^\[(.*)\]$/.exec(t.hostname)?.[1]}function Cr(t,e){return{to:t,from:[],serialize:e,parse:r=>r}}function As(t){return`{${t.map(e=>`"${e.replace(/[\\"]/g,"\\$&")}"`).join(",")}}`}function Os(t){return(.5+Math.random()/2)*Math.min(.05*2**t,1)}var Ut=class t{sql;url;#e=-1/0;#t=new Map;#l;constructor(e,r,n=!1){this.sql=e,this.url=r,this.#l=n}async transaction(e){return this.#l?await e(this):await this.sql.begin(r=>e(new t(r,this.url,!0)))}#c(e){return this.#l?e(this.sql):this.sql.begin(r=>e(r))}static async connect(e,r={}){let n=Fr(e,r);try{await jt(n)}catch(i){throw await n.end({timeout:1}),i}return new t(n,e)}async close(){await this.sql.end({timeout:1})}async saveOriginRules(e,r){if(r.length===0)return;let n=r.map(i=>it(e,i));await this.sql`
      INSERT INTO corun_origins ${this.sql(n)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`}async insertJobs(e,r,n,i){if(r.length===0)return[];let a=n===void 0?[]:[...new Set(r.map(o=>o.origin))].map(n);return await this.#c(async o=>{let c=await vr(o,e,r,a,i);return r.some(u=>u.reservedFor===void 0)&&await o`SELECT pg_notify(${Ne}, ${e})`,c})}async claim(e,r,n,i,a){(performance.now()-this.#e>1e3||a!==void 0)&&(this.#e=performance.now(),await this.reapExpiredLeases(e));let o=await this.sql`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        corun_paced(c.gap_ms, c.jitter_ms) AS paced, c.gap_ms AS "gapMs",
        c.jitter_ms AS "jitterMs", c.turn::text, c.crawl, c.run_at AS "runAt"
      FROM corun_claim(${e}, ${r}, ${n}, ${i}, ${a?.id??null}::bigint,
        ${a?.nested??!1}) c`,c=a!==void 0;return o.map(({turn:u,...m})=>({...m,reserved:c,nextStart:u??void 0})).sort((u,m)=>u.id-m.id)}async takeTurn(e,r,n){let[i]=await this.sql`
      WITH turn AS (
        UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
        WHERE queue = ${e} AND origin = ${r} AND next_start_at <= now()
          AND paused_until <= now()
        RETURNING next_start_at::text AS next_start, gap_ms, jitter_ms)
      SELECT turn.next_start, turn.gap_ms, turn.jitter_ms,
        (SELECT (extract(epoch FROM greatest(next_start_at, paused_until, now()) - now()) * 1000)
          ::float8
          FROM corun_origins WHERE queue = ${e} AND origin = ${r}) AS wait_ms
      FROM (SELECT) AS one LEFT JOIN turn ON true`;return i.next_start!==null?{waitMs:0,nextStart:i.next_start,gapMs:i.gap_ms??0,jitterMs:i.jitter_ms??0}:i.wait_ms===null?n===void 0?{waitMs:0}:(await this.sql`
        INSERT INTO corun_origins ${this.sql(it(e,n))}
        ON CONFLICT (queue, origin) DO NOTHING`,await this.takeTurn(e,r)):{waitMs:Math.max(1,i.wait_ms)}}async redirectTurn(e,r,n,i,a){let o=it(e,a),[c]=await this.sql`
      SELECT granted, turn::text, gap_ms, jitter_ms, wait_ms, per_host_full
      FROM corun_redirect_turn(${e}, ${r}, ${n}::bigint, ${i}, ${o.per_host},
        ${o.gap_ms}, ${o.jitter_ms})`;if(c.granted)return{waitMs:0,nextStart:c.turn??void 0,gapMs:c.gap_ms,jitterMs:c.jitter_ms};let u=c.wait_ms>0?Math.max(1,c.wait_ms):0;return c.per_host_full?{waitMs:u,full:!0}:{waitMs:Math.max(1,u)}}async moveTurn(e,r,n){let[i]=await this.sql`
      UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
      WHERE queue = ${e} AND origin = ${r}
        AND next_start_at = ${n}::text::timestamptz AND paused_until <= now()
      RETURNING next_start_at::text AS next_start`;return i?.next_start}async reapExpiredLeases(e){let r=await this.sql`
      DELETE FROM corun_jobs j
      WHERE j.queue = ${e} AND j.reserved_for IS NOT NULL AND ${Ft(this.sql)}
      RETURNING j.id`,n=await this.sql`
      UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
        last_error = CASE WHEN j.lease_until < now()
          THEN 'the lease of worker ' || j.lease_owner || ' expired'
          ELSE 'worker ' || j.lease_owner || ' stopped' END
      WHERE j.queue = ${e} AND j.state = 'leased' AND j.reserved_for IS NULL
        AND ${Oe(this.sql)}
      RETURNING j.id`,i=r.length+n.length;return i>0&&await this.sql`SELECT pg_notify(${Ne}, ${e})`,i}async reservedWaitMs(e,r){let[n]=await this.sql`
      SELECT greatest(0, extract(epoch FROM
          greatest(j.not_before, o.next_start_at, o.paused_until) - now()) * 1000)::float8 AS wait_ms
      FROM corun_jobs j
      LEFT JOIN corun_origins o ON o.queue = j.queue AND o.origin = j.origin
      WHERE j.id = ${r} AND j.reserved_for = ${e} AND j.state IN ('queued', 'leased')`;return n?.wait_ms}async claimSave(e,r){let[n]=await this.sql`
      SELECT held_path AS path, held_folder AS folder, held_file AS file, held_task AS task,
        held_url AS url
      FROM corun_claim_save(${e}::bigint, ${r.path}, ${r.folders}::text[],
        ${r.task}, ${r.url}, ${r.perFetch})`;return n}async report(e,r,n){return await this.#c(async i=>{if(n.links.length>0){let T=new Map;for(let{job:g,rule:A}of n.links)T.has(g.origin)||T.set(g.origin,A);await vr(i,e,n.links.map(g=>g.job),[...T.values()],void 0)}if(n.pauses.length>0){let T=n.pauses.map(g=>({origin:g.origin,for_ms:g.forMs}));await i`
          WITH p AS (
            SELECT origin, max(for_ms) AS for_ms
            FROM jsonb_to_recordset(${je(T)}::text::jsonb)
              AS r(origin text, for_ms float8)
            GROUP BY origin),
          paused AS (
            UPDATE corun_origins o SET paused_until =
              greatest(o.paused_until, now() + p.for_ms * interval '1 millisecond')
            FROM p WHERE o.queue = ${e} AND o.origin = p.origin
            RETURNING o.origin, o.paused_until)
          SELECT pg_notify(${Ct}, json_build_object('queue', ${e}::text,
            'origin', origin, 'ms', extract(epoch FROM paused_until - now()) * 1000)::text)
          FROM paused`}let a=await kr(i,r,"done",n.done),o=await kr(i,r,"skipped",n.leftOut),c=0;if(n.failed.length>0&&(c=$r(await i`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${je(n.failed)}::text::jsonb)
            AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${r}
          RETURNING j.reserved_for IS NULL AS mine`)),n.retries.length>0){let T=n.retries.map(g=>({id:g.id,delay_ms:g.delayMs,payload:g.payload}));await i`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${je(T)}::text::jsonb)
            AS r(id bigint, delay_ms float8, payload jsonb)
          WHERE j.id = r.id AND j.state = 'leased' AND j.lease_owner = ${r}`}n.released.length>0&&await i`
          UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
          WHERE id = ANY(${n.released}::bigint[]) AND state = 'leased'
            AND lease_owner = ${r}`;let u=[...n.failed.map(T=>T.id),...n.retries.map(T=>T.id),...n.released];u.length>0&&await i`SELECT corun_release_saves(${u}::bigint[])`,n.dropped.length>0&&await i`
          DELETE FROM corun_jobs
          WHERE id = ANY(${n.dropped}::bigint[]) AND reserved_for = ${r}
            AND state IN ('queued', 'leased')`,await i`
        UPDATE corun_workers SET last_seen = now(),
          done = done + ${a}, failed = failed + ${c}, skipped = skipped + ${o}
        WHERE id = ${r}`,await i`SELECT pg_notify(${Ne}, ${e})`;let m=[...n.done,...n.leftOut,...n.failed.map(T=>T.id)];if(m.length===0)return 0;let[R]=await i`
        SELECT count(*)::int AS jobs FROM corun_jobs
        WHERE id = ANY(${m}::bigint[]) AND reserved_for IS NULL`;return R.jobs-a-o-c})}async releaseUnknown(e,r,n){return(await this.sql`
      UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
      WHERE lease_owner = ${e} AND state = 'leased' AND NOT (id = ANY(${r}::bigint[]))
        AND (${n??null}::bigint IS NULL OR id = ${n??null}::bigint)
      RETURNING id`).length}async heartbeat(e,r,n){let i=await this.sql`
      UPDATE corun_jobs SET lease_until = now() + ${r} * interval '1 millisecond'
      WHERE lease_owner = ${e} AND state = 'leased' AND id = ANY(${n}::bigint[])
      RETURNING id`,a=this.#t.get(e);if(a===void 0)await this.sql`UPDATE corun_workers SET last_seen = now() WHERE id = ${e}`;else{let{queue:o,host:c,pid:u,leaseMs:m}=a;await this.sql`
        INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
        VALUES (${e}, ${o}, ${c}, ${u}, ${m})
        ON CONFLICT (id) DO UPDATE SET last_seen = now()`}return i.length}async openWork(e){let[r]=await this.sql`
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
          WHERE o.queue = ${e} AND due.first IS NOT NULL) AS next_due_ms`;return{queued:r.queued,leased:r.leased,nextDueMs:r.next_due_ms===null?void 0:Math.max(0,r.next_due_ms)}}async tellShort(e){await this.sql`SELECT pg_notify(${vt}, ${e})`}async registerWorker(e,r,n,i,a=3e4){await this.sql`
      INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
      VALUES (${e}, ${r}, ${n}, ${i}, ${Math.ceil(a)})`,this.#t.set(e,{queue:r,host:n,pid:i,leaseMs:Math.ceil(a)})}async stopWorker(e){this.#t.delete(e),await this.#c(async r=>{await r`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${e}`;let n=await r`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${e} AND state = 'leased'
        RETURNING queue`;for(let i of new Set(n.map(a=>a.queue)))await r`SELECT pg_notify(${Ne}, ${i})`})}async insertResults(e,r,n){n.length!==0&&await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${e}, ${r}, line::jsonb
      FROM unnest(${n.map(jr)}::text[]) AS t(line)`}async claimFire(e,r,n,i,a){return(await this.sql`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${e}, ${r}, ${n}, ${i}, ${a})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`)[0]?.id}async setFireJobs(e,r){await this.sql`UPDATE corun_fires SET jobs = ${r} WHERE id = ${e}`}async lastFire(e,r){let[n]=await this.sql`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${e} AND f.schedule = ${r} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;return n===void 0?void 0:{fireAt:n.fire_at,open:n.open}}async lastFiredAt(e,r){let[n]=await this.sql`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${e} AND schedule = ${r}`;return n?.at??void 0}};async function vr(t,e,r,n,i){if(n.length>0){let u=n.map(m=>it(e,m)).sort((m,R)=>m.origin<R.origin?-1:m.origin>R.origin?1:0);await t`INSERT INTO corun_origins ${t(u)} ON CONFLICT (queue, origin) DO NOTHING`}let a=r.filter(u=>u.parent!==void 0),o=a.length===0?r:r.filter(u=>u.parent===void 0);return[...await Rs(t,e,o,i),...await Ls(t,e,a)].sort((u,m)=>u-m)}function Mr(t,e,r){return{queue:t,task:e.task,origin:e.origin,url:e.url,payload:e.payload,delay_ms:e.delayMs??0,fire_id:r??null,reserved_for:e.reservedFor??null,parent:e.parent??null}}async function Rs(t,e,r,n){return r.length===0?[]:(await t`
    INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for,
      crawl, run_at)
    SELECT queue, task, origin, url, payload, now() + delay_ms * interval '1 millisecond', fire_id,
      reserved_for, txid_current(), now()
    FROM jsonb_to_recordset(${je(r.map(a=>Mr(e,a,n)))}
      ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
      delay_ms float8, fire_id bigint, reserved_for text)
    RETURNING id`).map(a=>a.id)}async function Ls(t,e,r){return r.length===0?[]:(await t`SELECT pg_advisory_xact_lock_shared(${kt}::int, hashtext(${e}))`,(await t`
    WITH given AS MATERIALIZED (
      SELECT r.*, nextval('corun_jobs_id_seq') AS id
      FROM jsonb_to_recordset(${je(r.map(i=>Mr(e,i,void 0)))}
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
    AND ((j.state = 'leased' AND j.lease_until < now()) OR corun_owner_gone(j.reserved_for)))`}async function kr(t,e,r,n){return n.length===0?0:$r(await t`
    UPDATE corun_jobs SET state = ${r}, finished_at = now(), lease_owner = ${e},
      lease_until = NULL
    WHERE id = ANY(${n}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${e}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`)}function $r(t){return t.filter(e=>e.mine).length}function it(t,e){return{queue:t,origin:e.origin,per_host:e.perHost,gap_ms:Math.round(e.gapMs),jitter_ms:Math.round(e.jitterMs)}}var Ss=20;async function bs(t,e){return await t.sql.begin("isolation level repeatable read read only",r=>ys(r,e))}async function ot(t,e){return(await t`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${e??null}::text IS NULL OR queue = ${e??null}
    ORDER BY queue`).map(n=>n.queue)}async function Ht(t,e){if(!((await ot(t,e)).length>0))return await ot(t)}async function ys(t,e){let r=[];for(let n of await ot(t,e)){let i=await t`
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
      WHERE o.queue = ${n}
      GROUP BY o.origin, o.per_host, o.gap_ms, o.jitter_ms, o.paused_until, held.leased
      ORDER BY o.origin`,a=await t`
      SELECT w.*, (SELECT count(*) FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state = 'leased' AND NOT ${Oe(t)})::int AS leases,
        corun_owner_gone(w.id) AS gone,
        (extract(epoch FROM now() - w.last_seen) * 1000)::float8 AS seen_ago_ms
      FROM corun_workers w WHERE w.queue = ${n}
      -- The running first: rows of stopped and killed workers are kept, and would push them out.
      ORDER BY gone, w.started_at DESC LIMIT ${Ss}`,o=await t`
      SELECT task, url, coalesce(last_error, '') AS error, finished_at
      FROM corun_jobs WHERE queue = ${n} AND state = 'failed'
      ORDER BY finished_at DESC LIMIT 10`,c=await t`
      SELECT schedule, fire_at, outcome, jobs, owner FROM corun_fires WHERE queue = ${n}
      ORDER BY fire_at DESC LIMIT 10`;r.push({queue:n,origins:i.map(u=>({origin:u.origin,ready:u.ready,waiting:u.waiting,retries:u.retries,leased:u.leased,done:u.done,failed:u.failed,skipped:u.skipped,inCallbacks:u.in_callbacks,perHost:u.origin===""?null:u.per_host,gapMs:u.gap_ms,jitterMs:u.jitter_ms,pausedUntil:Ce(u.paused_until)})),workers:a.map(u=>({id:u.id,host:u.host,pid:u.pid,startedAt:Ce(u.started_at),lastSeen:Ce(u.last_seen),lastSeenAgoMs:Math.max(0,Math.round(u.seen_ago_ms)),stoppedAt:Ce(u.stopped_at),state:u.stopped_at!==null?"stopped":u.gone?"gone":"running",leases:u.leases,done:u.done,failed:u.failed,skipped:u.skipped})),failures:o.map(u=>({task:u.task,url:u.url,error:u.error,at:Ce(u.finished_at)})),fires:c.map(u=>({schedule:u.schedule,fireAt:Ce(u.fire_at),outcome:u.outcome,jobs:u.jobs,owner:u.owner}))})}return r}function Ce(t){return t instanceof Date?t.toISOString():null}async function Ds(t,e){return await t.sql.begin(r=>Is(r,e))}async function Is(t,e){await t`SELECT pg_advisory_xact_lock(${kt}::int, hashtext(${e}))`;let r={queue:e,jobs:0,retries:0,crawls:0,leased:0},n=await Ht(t,e);if(n!==void 0)return{...r,found:!1,queues:n};let i=await t`
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
    FROM open o LEFT JOIN counted c ON c.crawl = o.crawl`;if(i.length===0)return{...r,found:!0};let[a]=await t`
    WITH marked AS (
      UPDATE corun_jobs j SET cancelled_at = coalesce(j.cancelled_at, now())
      WHERE j.queue = ${e} AND j.state IN ('queued', 'leased')
        AND coalesce(j.crawl, j.id) = ANY(${i.map(o=>o.crawl)}::bigint[])
      RETURNING j.state = 'leased' AND j.reserved_for IS NULL AS leased)
    SELECT count(*) FILTER (WHERE leased)::int AS leased FROM marked`;return await t`SELECT pg_notify(${Ne}, ${e})`,{...r,found:!0,jobs:i.reduce((o,c)=>o+c.jobs,0),retries:i.reduce((o,c)=>o+c.retries,0),crawls:i.filter(o=>o.jobs>0).length,leased:a.leased}}var js=new Set(["ECONNREFUSED","ECONNRESET","ECONNABORTED","EPIPE","ETIMEDOUT","EHOSTUNREACH","EHOSTDOWN","ENETUNREACH","ENETDOWN","EAI_AGAIN"]);function Be(t){let e=Xe(t);return e===void 0?!1:e.startsWith("CONNECT")||e==="CONNECTION_CLOSED"||e==="CONNECTION_ENDED"||e==="CONNECTION_DESTROYED"||js.has(e)||e.startsWith("08")||e==="57P01"||e==="57P02"||e==="57P03"||e==="57014"||e==="40001"||e==="40P01"||e==="55P03"||e.startsWith("53")}var Us=20,at=[250,500,1e3,2e3,5e3,1e4,3e4],qt=class{#e;#t;#l;#c;#i=[];#n=new Map;#s=new Map;#o=new Map;#h=new Map;#N=[];#E=!1;#m;#S;#v;#r=Ue();#b=Ue();#f;#_;#k=!1;#T;#q=!1;#W=new Set;#w=0;#y=new Set;#P;#x;#a=!1;#A=!1;#B=0;#G=0;#O;constructor(e){this.#e=e,this.#t=e.store,this.#l=e.leaseMs??3e4,this.#c=e.idleMs??2e3,this.#v=Math.ceil(e.concurrency/4)}async start(){let e=await this.#t.sql.listen(Ne,i=>{i===this.#e.queue&&this.#L()}),r=await this.#t.sql.listen(Ct,i=>this.#Ee(i)),n=await this.#t.sql.listen(vt,i=>{i===this.#e.queue&&this.#fe()});this.#P=async()=>{await e.unlisten(),await r.unlisten(),await n.unlisten()},this.#x=setInterval(()=>{this.#_e(),this.#t.heartbeat(this.#e.worker,this.#l,this.#j()).catch(i=>{Be(i)?this.#C("extend its leases",i):this.#D(this.#U("extend its leases",i))})},Math.max(100,Math.floor(this.#l/3)))}async shutdown(){this.#a=!0,this.#A=!0,this.#se(),clearInterval(this.#x),await this.#m;for(let e of this.#i.splice(0))this.#r.released.push(e.id);this.#n.clear();for(let e of this.#s.keys())this.#Q(e);this.#s.clear();try{if(!await this.#ie())throw this.#Te()}finally{await this.#P?.().catch(()=>{})}}get reportRefused(){return this.#T!==void 0}#D(e){this.#S??=e,this.interrupt()}interrupt(){this.#a=!0,this.#se()}put(e){return this.#r.links.push({job:this.#Y(e,void 0),rule:this.#X(e)}),this.#u(),er(void 0)}*#oe(e,r){let[n]=yield*this.#d("put a job",()=>this.#t.insertJobs(this.#e.queue,[this.#Y(e,r)],()=>this.#X(e)));return n}#Y(e,r){return{task:e.task,origin:e.origin,url:Br(e.payload),payload:this.#e.codec.encode(e.payload),delayMs:e.delayMs,reservedFor:r,parent:r===void 0?e.parent:void 0}}#X(e){return{origin:e.origin,...this.#e.rules(e.origin,e.task)}}*take(){for(;;){if(this.#S!==void 0)throw this.#q=!0,this.#S;if(this.#a)return null;let e=this.#i.shift();if(e!==void 0){if(this.#s.set(e.id,e.origin),this.#i.length<this.#v&&this.#Ne(),yield*this.#ae(e))return e;continue}if(this.#A)return null;if(this.#E){let r=new rr("queued",n=>tr(this.#N,n));this.#N.push(r),yield*r.wait();continue}this.#E=!0;try{yield*this.#pe()}finally{this.#E=!1,this.#re()}}}*#ae(e){let r=this.#n.get(e.id);if(r===void 0||Pr(r))return!0;let n=!1;try{return n=(yield*this.#z(r))||(yield*this.#le(r)),n}finally{n||this.#ue(e.id)}}*#z(e){let r=e.nextStart;if(r===void 0||this.#p(e.origin)>0)return!1;let n=yield*this.#d("move an origin's turn",()=>this.#t.moveTurn(this.#e.queue,e.origin,r));return n===void 0?!1:(Wr(e,n),!0)}*#le(e){let r=()=>this.#t.takeTurn(this.#e.queue,e.origin),n=yield*this.#d("take an origin's turn",r);return n.waitMs>0&&n.waitMs<=2*e.turnMs&&(yield*this.#R(n.waitMs),this.#a||(n=yield*this.#d("take an origin's turn",r))),n.waitMs!==0||this.#a?!1:(Wr(e,n.nextStart),!0)}*sending(e,r){let n=this.#n.get(e),i=this.#p(r)>0;if(n===void 0){i&&(yield*this.#H(r));return}!i&&n.origin===r&&(Pr(n)||(yield*this.#z(n)))||(yield*this.turnAt(r,n.task,e))}#I(e){return this.#n.delete(e),this.#s.delete(e)}#ue(e){this.#I(e)&&(this.#r.released.push(e),this.#u())}*acquire(e,r){let n=yield*this.#oe(e,this.#e.worker);return this.#o.set(n,{origin:e.origin,url:Br(e.payload)}),yield*this.#J(n,r)}*turnAt(e,r,n){let i=n===void 0?void 0:this.#s.get(n);if(i!==void 0&&i!==e)return yield*this.#ce(e,r,n);for(;!this.#a;){if(yield*this.#H(e),this.#a)return;let a=yield*this.#d("take an origin's turn",()=>this.#t.takeTurn(this.#e.queue,e,{origin:e,...this.#e.rules(e,r)}));if(a.waitMs>0){yield*this.#R(a.waitMs);continue}n!==void 0&&this.#s.has(n)&&this.#K(n,e,r,a);return}}*#ce(e,r,n){let{queue:i,worker:a}=this.#e,o={origin:e,...this.#e.rules(e,r)};for(;!this.#a;){if(yield*this.#H(e),this.#a)return;let c=this.#w,u=yield*this.#d("take a redirect's turn",()=>this.#t.redirectTurn(i,e,n,a,o));if(u.waitMs===0&&!u.full){if(!this.#s.has(n))return;this.#s.set(n,e),this.#K(n,e,r,u);return}u.full&&this.#F(vs),u.waitMs>0?yield*this.#R(u.waitMs):this.#w===c&&(yield*this.#g(50))}}#K(e,r,n,i){let a={gapMs:i.gapMs??0,jitterMs:i.jitterMs??0};i.nextStart===void 0||a.gapMs===0&&a.jitterMs===0?this.#n.delete(e):this.#n.set(e,Yr(r,n,a,i.nextStart))}*again(e,r,n){if(!this.#s.has(e))throw new TypeError(`Cannot go again: job ${e} is not held`);return this.retryAfter(e,r),yield*this.#J(e,n)}*#J(e,r){let{queue:n,worker:i}=this.#e,a=this.#o.get(e),o;try{for(;;){let c=a===void 0?0:this.#p(a.origin);if(c>0){yield*this.#g(c);continue}let[u]=yield*this.#d("claim a job",()=>this.#t.claim(n,i,1,this.#l,{id:e,nested:r}),()=>this.#t.releaseUnknown(i,this.#j(),e));if(u===void 0){yield*this.#de(e,a?.url);continue}let m=this.#ne(u);if("problem"in m)throw this.#o.delete(e),new Error(`Cannot fetch ${u.url||`job ${e}`}: ${m.problem}`);if(this.#p(m.origin)>0){this.#r.released.push(e),this.#u();continue}return o=m,this.#s.set(o.id,r?void 0:o.origin),u.paced&&this.#n.set(o.id,qr(u)),o}}finally{o===void 0&&this.#o.has(e)&&this.#he(e)}}*#de(e,r){let n=yield*this.#d("look for a job",()=>this.#t.reservedWaitMs(this.#e.worker,e));if(n===void 0)throw this.#o.delete(e),new Error(`Cannot fetch ${r||`job ${e}`}: its job left the queue (this worker did not reach the database for longer than its lease, and was taken for gone)`);yield*n<=0?this.#g(50):this.#R(n)}*#R(e){this.#a||(yield*Gr(e,this.#y,"waiting for its time"))}#he(e){this.#o.delete(e),this.#r.dropped.push(e),this.#u()}#Q(e){this.#o.delete(e)?this.#r.dropped.push(e):this.#r.released.push(e)}*claimSave(e,r){return yield*this.#d("claim a save path",()=>this.#t.claimSave(e,r))}done(e){this.#V(e,this.#r.done)}leftOut(e){this.#V(e,this.#r.leftOut)}#V(e,r){this.#I(e)&&(this.#o.delete(e),r.push(e),this.#u(),this.#L())}failed(e,r){this.#I(e)&&(this.#a?this.#Q(e):(this.#o.delete(e),this.#r.failed.push({id:e,error:r??"failed"})),this.#u(),this.#L())}retryAfter(e,r,n){this.#I(e)&&(this.#r.retries.push({id:e,delayMs:r,payload:n===void 0?null:this.#e.codec.encode(n)}),this.#u(),this.#L())}retryWaitMs(e,r,n){return Math.max(n,this.#p(e))}pauseOrigin(e,r){this.#r.pauses.push({origin:e,forMs:r}),this.#Z(e,r),this.#u()}#Ee(e){let r;try{r=JSON.parse(e)}catch{return}r.queue!==this.#e.queue||typeof r.origin!="string"||typeof r.ms=="number"&&r.ms>0&&this.#Z(r.origin,r.ms)}#Z(e,r){let n=performance.now()+r;n>(this.#h.get(e)??0)&&this.#h.set(e,n),this.#F(i=>i.origin!==e)}#fe(){let e=Math.max(0,this.#e.concurrency-this.#s.size),r=new Set(this.#i.slice(0,e));this.#F(n=>r.has(n))}#F(e){let r=this.#i.filter(e);if(r.length!==this.#i.length){for(let n of this.#i)e(n)||(this.#r.released.push(n.id),this.#n.delete(n.id));this.#i.splice(0,this.#i.length,...r),this.#u()}}*#H(e){for(;;){let r=this.#p(e);if(r<=0||this.#a)return;yield*this.#R(r)}}#_e(){let e=performance.now();for(let[r,n]of this.#h)n<=e&&this.#h.delete(r)}get pausedOrigins(){return[...this.#h.keys()]}#p(e){let r=this.#h.get(e);if(r===void 0)return 0;let n=r-performance.now();return n>0?n:(this.#h.delete(e),0)}close(){}get refused(){return this.#B}get endedLate(){return this.#G}counts(){return{queued:this.#i.length,leased:this.#s.size}}*#pe(){if(this.#a){this.#A=!0;return}let e=this.#ee();if(e<=0){yield*this.#g(this.#c);return}let r=this.#w,n=yield*this.#d("claim jobs",()=>this.#t.claim(this.#e.queue,this.#e.worker,e,this.#l),()=>this.#t.releaseUnknown(this.#e.worker,this.#j()));if(this.#te(n),this.#i.length>0||!(yield*ze(()=>this.#ie(),"report to the database")))return;let i=this.#e.queue,a=yield*this.#d("count open jobs",()=>this.#t.openWork(i));if(this.#e.drain&&!a.queued&&!a.leased&&this.#s.size===0){this.#A=!0;return}if(a.leased&&(yield*this.#d("ask for jobs claimed ahead",()=>this.#t.tellShort(i))),this.#w!==r)return;let o=a.nextDueMs??this.#c;yield*this.#g(Math.min(this.#c,o<=0?50:Math.max(5,o)))}#ee(){return this.#e.concurrency+this.#v-this.#s.size-this.#i.length}#Ne(){let e=this.#ee();if(this.#E||this.#a||e<=0)return;this.#E=!0;let{queue:r,worker:n}=this.#e;this.#m=this.#t.claim(r,n,e,this.#l).then(i=>{this.#te(i),this.#$()},i=>{if(!Be(i)){this.#D(this.#U("claim jobs",i));return}return this.#C("claim jobs",i),this.#t.releaseUnknown(n,this.#j()).then(()=>{},()=>{})}).finally(()=>{this.#E=!1,this.#m=void 0,this.#re()})}#te(e){let r=this.#r.released.length;for(let n of e){let i=this.#ne(n);"problem"in i||(this.#p(i.origin)>0?this.#r.released.push(i.id):(this.#i.push(i),n.paced&&this.#n.set(i.id,qr(n))))}this.#r.released.length>r&&this.#u()}#re(){for(let e of this.#N.splice(0))e.give()}#ne(e){let r=this.#e.codec.decode(e.payload,e);return"problem"in r&&r.notMine?(this.#r.released.push(e.id),this.#u(),this.#D(new Error(`Queue "${this.#e.queue}" holds job ${e.id} (${e.url||"no URL"}) of another config: ${r.problem}; it went back to the queue, for a worker with that config`)),r):"problem"in r?(this.#B++,this.#e.warn(`Job ${e.id} (${e.url||"no URL"}): ${r.problem}`),this.#r.failed.push({id:e.id,error:r.problem}),this.#u(),r):{id:e.id,origin:e.origin,task:e.task,attempt:e.attempt,notBeforeMs:0,payload:r.payload,crawl:e.crawl}}*#g(e){yield*Gr(e,this.#W,"waiting for work")}#me(e){return new Promise(r=>{let n=()=>{clearTimeout(i),this.#y.delete(n),r()},i=setTimeout(n,e);this.#y.add(n)})}#L(){this.#w++;for(let e of this.#W)e()}#se(){this.#L();for(let e of this.#y)e()}#u(){if(this.#r.pauses.length>0){clearTimeout(this.#_),this.#_=void 0,this.#M();return}this.#f!==void 0||this.#_!==void 0||(this.#_=setTimeout(()=>{this.#_=void 0,this.#M()},Us))}#M(){this.#f===void 0&&(this.#f=this.#ge().then(e=>{this.#f=void 0,e?$t(this.#r)||this.#u():this.#k=!0}))}async#ge(){for(let e=0;!$t(this.#r);e++){if(this.#T!==void 0)return!1;let r=this.#r;this.#r=Ue(),this.#b=r;try{return this.#G+=await this.#t.report(this.#e.queue,this.#e.worker,r),this.#b=Ue(),this.#$(),!0}catch(n){if(this.#b=Ue(),this.#r=ks(r,this.#r),!Be(n))return this.#T=this.#U("report how its fetches ended",n),this.#D(this.#T),!1;if(this.#C("report how its fetches ended",n),this.#A&&e>=2)return!1;await this.#me(at[Math.min(e,at.length-1)])}}return!0}async#ie(){for(this.#k=!1,clearTimeout(this.#_),this.#_=void 0;this.#f!==void 0||!$t(this.#r);)if(this.#f===void 0&&this.#M(),await this.#f,this.#k)return!1;return!0}#Te(){let e=Mt(this.#r).length,r=this.#T,n=e===0?"Cannot report a pause an origin asked for to the database":`Cannot report ${e} fetch outcomes to the database; ${r===void 0?"their leases run out and ":""}other workers do them again`;return r===void 0||this.#q&&this.#S===r?new Error(n):new Error(`${r.message}; ${n[0].toLowerCase()}${n.slice(1)}`,{cause:r.cause})}#j(){return[...this.#s.keys(),...this.#i.map(e=>e.id),...Mt(this.#r),...Mt(this.#b)]}*#d(e,r,n){for(let i=0;;i++)try{i>0&&n!==void 0&&(yield*ze(n,e));let a=yield*ze(r,e);return this.#$(),a}catch(a){if(!Be(a))throw this.#U(e,a);this.#C(e,a),yield*this.#g(at[Math.min(i,at.length-1)])}}#U(e,r){return new Error(`Worker ${this.#e.worker} cannot ${e}: ${xr(r)}`,{cause:r})}#C(e,r){this.#O===void 0&&(this.#O=Date.now(),this.#e.warn(`Worker ${this.#e.worker} cannot ${e}: ${xr(r)}; retrying with backoff`))}#$(){if(this.#O===void 0)return;let e=((Date.now()-this.#O)/1e3).toFixed(1);this.#O=void 0,this.#e.warn(`Worker ${this.#e.worker} reaches the database again (after ${e}s)`)}},Cs=2;function qr(t){return Yr(t.origin,t.task,t,t.nextStart)}function Yr(t,e,r,n){return{origin:t,task:e,tookAtMs:performance.now(),graceMs:Math.min(Cs,r.gapMs/10),turnMs:r.gapMs+r.jitterMs,nextStart:n}}function Wr(t,e){t.tookAtMs=performance.now(),t.nextStart=e}function Pr(t){return performance.now()-t.tookAtMs<=t.graceMs}function vs(){return!1}function xr(t){let e=Vt(t),r=Xe(t);return r!==void 0&&!e.includes(r)?`${e} (${r})`:e}function Br(t){let e=t?.url;return typeof e=="string"?e:""}function Mt(t){return[...t.done,...t.leftOut,...t.released,...t.failed.map(({id:e})=>e),...t.retries.map(({id:e})=>e)]}function $t(t){return t.links.length+t.done.length+t.leftOut.length+t.failed.length+t.retries.length+t.released.length+t.dropped.length+t.pauses.length===0}function ks(t,e){return{links:[...t.links,...e.links],done:[...t.done,...e.done],leftOut:[...t.leftOut,...e.leftOut],failed:[...t.failed,...e.failed],retries:[...t.retries,...e.retries],released:[...t.released,...e.released],dropped:[...t.dropped,...e.dropped],pauses:[...t.pauses,...e.pauses]}}function Gr(t,e,r){return Zt(n=>{let i=setTimeout(n,t),a=()=>n();return e.add(a),()=>{clearTimeout(i),e.delete(a)}},r)}async function Fs(t,e){return await t.sql.begin(r=>Hs(r,e))}async function Hs(t,e){let r=()=>t`(now() - ${e} * interval '1 millisecond')`,[{before:n}]=await t`SELECT ${r()} AS before`,[i]=await t`
    WITH ended AS (
      SELECT coalesce(crawl, id) AS crawl FROM corun_jobs
      GROUP BY 1
      HAVING bool_and(state IN ('done', 'failed', 'skipped') AND finished_at < ${r()})),
    gone AS (
      DELETE FROM corun_jobs j USING ended e WHERE coalesce(j.crawl, j.id) = e.crawl
      RETURNING e.crawl, j.reserved_for IS NULL AS mine)
    SELECT count(*)::int AS jobs, count(DISTINCT crawl) FILTER (WHERE mine)::int AS crawls
    FROM gone`,a=await t`
    DELETE FROM corun_saves s
    WHERE NOT EXISTS (SELECT 1 FROM corun_jobs j WHERE coalesce(j.crawl, j.id) = s.crawl)`,o=await t`DELETE FROM corun_results WHERE at < ${r()}`,c=await t`
    WITH newest AS (
      SELECT id, max(fired_at) OVER schedule AS fired, max(fire_at) OVER schedule AS fire_time,
        max(fired_at) FILTER (WHERE outcome = 'enqueued') OVER schedule AS enqueued
      FROM corun_fires
      WINDOW schedule AS (PARTITION BY queue, schedule))
    DELETE FROM corun_fires f USING newest n
    WHERE f.id = n.id AND f.fired_at < ${r()} AND f.fire_at < ${r()}
      AND f.fired_at < n.fired AND f.fire_at < n.fire_time
      AND (f.outcome <> 'enqueued' OR f.fired_at < n.enqueued)
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased'))`;await t`LOCK TABLE corun_origins IN SHARE ROW EXCLUSIVE MODE`;let[u]=await t`
    WITH gone AS (
      DELETE FROM corun_origins o
      WHERE NOT EXISTS (SELECT 1 FROM corun_jobs j WHERE j.queue = o.queue)
        AND NOT EXISTS (SELECT 1 FROM corun_origins p
          WHERE p.queue = o.queue AND p.paused_until > now())
      RETURNING o.queue)
    SELECT count(DISTINCT queue)::int AS queues FROM gone`,m=await t`
    DELETE FROM corun_workers w
    WHERE coalesce(w.stopped_at, w.last_seen + w.lease_ms * interval '1 millisecond') < ${r()}
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.reserved_for = w.id AND j.state IN ('queued', 'leased'))
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state IN ('queued', 'leased'))`;return{before:n.toISOString(),jobs:i.jobs,crawls:i.crawls,saves:a.count,results:o.count,fires:c.count,workers:m.count,queues:u.queues}}var Wt=class{#e;#t;#l;#c;#i;#n=[];#s;#o;#h=0;#N=0;constructor(e,r,n,i,a={}){this.#i=a.metadataFile,this.#e=e,this.#t=r,this.#l=n,this.#c=i}appendJson(e){this.#n.push(e),this.#n.length>1e5&&(this.#N+=this.#n.length-1e5,this.#n.splice(0,this.#n.length-1e5)),this.#E(100)}async close(){clearTimeout(this.#o),this.#o=void 0,await this.#s,this.#n.length>0&&await this.#m();let e=this.#n.length+this.#N;if(e>0){let r=this.#i===void 0?"":` (they are in the worker's metadata file, ${this.#i})`;this.#c(`Cannot copy ${e} metadata lines to the database${r}`)}}#E(e){this.#s!==void 0||this.#o!==void 0||(this.#o=setTimeout(()=>{this.#o=void 0,this.#s=this.#m().then(r=>{this.#s=void 0,this.#n.length>0&&this.#E(r?100:5e3)})},e))}async#m(){for(;this.#n.length>0;){let e=this.#n.slice(0,500);try{await this.#e.insertResults(this.#t,this.#l,e)}catch(r){return this.#h++===0&&this.#c(`Cannot copy metadata lines to the database: ${r.message}`),!1}this.#n.splice(0,e.length)}return!0}};export{qt as PgFrontier,Wt as PgResultLog,Ut as PgStore,Dr as SCHEMA_VERSION,Ds as cancelQueue,jt as migrate,Fr as postgresClient,Fs as pruneDatabase,ot as queueNames,bs as queueStatus,Ht as queuesIfUnknown};
