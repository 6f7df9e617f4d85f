import{a as Yt,b as Kt}from"./chunk-RCWJEI46.js";import{e as Gt,g as ot,l as zt,m as Ge}from"./chunk-UKUOFAPR.js";async function Xt(t){let n,r=new Promise((i,a)=>{n=setTimeout(()=>{a(new Error("no answer in PostgreSQL's protocol within 12s (the address takes connections but closes them or stays silent: is it another service's port?)"))},12e3)});try{await Promise.race([t`SELECT 1`.execute(),r])}finally{clearTimeout(n)}}var at=[{version:1,what:"jobs, origins, fires, workers and results",sql:`
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
    `}],Vt=at[at.length-1].version,_r=427071534446;async function ut(t,e=Vt){await Xt(t);let n=at.filter(i=>i.version<=e),r=await wr(t);return r!==void 0&&Qt(r,n)?[]:await t.begin(async i=>{await i`SELECT pg_advisory_xact_lock(${_r})`,await i`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;let a=await i`SELECT version FROM corun_migrations`,u=new Set(a.map(d=>d.version));if(Qt(u,n))return[];let l=[];for(let d of n)u.has(d.version)||(await i.unsafe(d.sql),await i`INSERT INTO corun_migrations (version, what) VALUES (${d.version}, ${d.what})`,l.push(d.version));return l})}async function wr(t){let[e]=await t`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;if(!e.found)return;let n=await t`SELECT version FROM corun_migrations`;return new Set(n.map(r=>r.version))}function Qt(t,e){let n=Math.max(0,...t),r=Math.max(0,...e.map(i=>i.version));if(n>r)throw new Error(`The database's corun tables are at version ${n}, newer than this corun's ${r}: upgrade corun on this machine`);return e.every(i=>t.has(i.version))}import Wr from"node:os";import Gr from"node:fs";var ze=new Map,lt=new Map,ct=Symbol("OriginError"),Oe={},te=class extends Promise{constructor(e,n,r,i,a={}){let u,l;super((d,w)=>{u=d,l=w}),this.tagged=Array.isArray(e.raw),this.strings=e,this.args=n,this.handler=r,this.canceller=i,this.options=a,this.state=null,this.statement=null,this.resolve=d=>(this.active=!1,u(d)),this.reject=d=>(this.active=!1,l(d)),this.active=!1,this.cancelled=null,this.executed=!1,this.signature="",this[ct]=this.handler.debug?new Error:this.tagged&&Nr(this.strings)}get origin(){return(this.handler.debug?this[ct].stack:this.tagged&&lt.has(this.strings)?lt.get(this.strings):lt.set(this.strings,this[ct].stack).get(this.strings))||""}static get[Symbol.species](){return Promise}cancel(){return this.canceller&&(this.canceller(this),this.canceller=null)}simple(){return this.options.simple=!0,this.options.prepare=!1,this}async readable(){return this.simple(),this.streaming=!0,this}async writable(){return this.simple(),this.streaming=!0,this}cursor(e=1,n){if(this.options.simple=!1,typeof e=="function"&&(n=e,e=1),this.cursorRows=e,typeof n=="function")return this.cursorFn=n,this;let r;return{[Symbol.asyncIterator]:()=>({next:()=>{if(this.executed&&!this.active)return{done:!0};r&&r();let i=new Promise((a,u)=>{this.cursorFn=l=>(a({value:l,done:!1}),new Promise(d=>r=d)),this.resolve=()=>(this.active=!1,a({done:!0})),this.reject=l=>(this.active=!1,u(l))});return this.execute(),i},return(){return r&&r(Oe),{done:!0}}})}}describe(){return this.options.simple=!1,this.onlyDescribe=this.options.prepare=!0,this}stream(){throw new Error(".stream has been renamed to .forEach")}forEach(e){return this.forEachFn=e,this.handle(),this}raw(){return this.isRaw=!0,this}values(){return this.isRaw="values",this}async handle(){!this.executed&&(this.executed=!0)&&await 1&&this.handler(this)}execute(){return this.handle(),this}then(){return this.handle(),super.then.apply(this,arguments)}catch(){return this.handle(),super.catch.apply(this,arguments)}finally(){return this.handle(),super.finally.apply(this,arguments)}};function Nr(t){if(ze.has(t))return ze.get(t);let e=Error.stackTraceLimit;return Error.stackTraceLimit=4,ze.set(t,new Error),Error.stackTraceLimit=e,ze.get(t)}var _e=class extends Error{constructor(e){super(e.message),this.name=this.constructor.name,Object.assign(this,e)}},H={connection:Jt,postgres:xt,generic:Zt,notSupported:en};function Jt(t,e,n){let{host:r,port:i}=n||e,a=Object.assign(new Error("write "+t+" "+(e.path||r+":"+i)),{code:t,errno:t,address:e.path||r},e.path?{}:{port:i});return Error.captureStackTrace(a,Jt),a}function xt(t){let e=new _e(t);return Error.captureStackTrace(e,xt),e}function Zt(t,e){let n=Object.assign(new Error(t+": "+e),{code:t});return Error.captureStackTrace(n,Zt),n}function en(t){let e=Object.assign(new Error(t+" (B) is not supported"),{code:"MESSAGE_NOT_SUPPORTED",name:t});return Error.captureStackTrace(e,en),e}var Tr={string:{to:25,from:null,serialize:t=>""+t},number:{to:0,from:[21,23,26,700,701],serialize:t=>""+t,parse:t=>+t},json:{to:114,from:[114,3802],serialize:t=>JSON.stringify(t),parse:t=>JSON.parse(t)},boolean:{to:16,from:16,serialize:t=>t===!0?"t":"f",parse:t=>t==="t"},date:{to:1184,from:[1082,1114,1184],serialize:t=>(t instanceof Date?t:new Date(t)).toISOString(),parse:t=>new Date(t)},bytea:{to:17,from:17,serialize:t=>"\\x"+Buffer.from(t).toString("hex"),parse:t=>Buffer.from(t.slice(2),"hex")}},ve=class{then(){dt()}catch(){dt()}finally(){dt()}},Re=class extends ve{constructor(e){super(),this.value=Qe(e)}},oe=class extends ve{constructor(e,n,r){super(),this.value=e,this.type=n,this.array=r}},Me=class extends ve{constructor(e,n){super(),this.first=e,this.rest=n}build(e,n,r,i){let a=yr.map(([u,l])=>({fn:l,i:e.search(u)})).sort((u,l)=>u.i-l.i).pop();return a.i===-1?Et(this.first,i):a.fn(this.first,this.rest,n,r,i)}};function Xe(t,e,n,r){let i=t instanceof oe?t.value:t;if(i===void 0&&(t instanceof oe?t.value=r.transform.undefined:i=t=r.transform.undefined,i===void 0))throw H.generic("UNDEFINED_VALUE","Undefined values are not allowed");return"$"+n.push(t instanceof oe?(e.push(t.value),t.array?t.array[t.type||Ke(t.value)]||t.type||sn(t.value):t.type):(e.push(t),Ke(t)))}var nn=an(Tr);function pt(t,e,n,r,i,a){for(let u=1;u<t.strings.length;u++)e+=mt(e,n,r,i,a)+t.strings[u],n=t.args[u];return e}function mt(t,e,n,r,i){return e instanceof Me?e.build(t,n,r,i):e instanceof te?ht(e,n,r,i):e instanceof Re?e.value:e&&e[0]instanceof te?e.reduce((a,u)=>a+" "+ht(u,n,r,i),""):Xe(e,n,r,i)}function ht(t,e,n,r){return t.fragment=!0,pt(t,t.strings[0],t.args[0],e,n,r)}function rn(t,e,n,r,i){return t.map(a=>"("+r.map(u=>mt("values",a[u],e,n,i)).join(",")+")").join(",")}function tn(t,e,n,r,i){let a=Array.isArray(t[0]),u=e.length?e.flat():Object.keys(a?t[0]:t);return rn(a?t:[t],n,r,u,i)}function Ye(t,e,n,r,i){if(typeof t=="string"&&(t=[t].concat(e)),Array.isArray(t))return Et(t,i);let a;return(e.length?e.flat():Object.keys(t)).map(l=>(a=t[l],(a instanceof te?ht(a,n,r,i):a instanceof Re?a.value:Xe(a,n,r,i))+" as "+Qe(i.transform.column.to?i.transform.column.to(l):l))).join(",")}var yr=Object.entries({values:tn,in:(...t)=>{let e=tn(...t);return e==="()"?"(null)":e},select:Ye,as:Ye,returning:Ye,"\\(":Ye,update(t,e,n,r,i){return(e.length?e.flat():Object.keys(t)).map(a=>Qe(i.transform.column.to?i.transform.column.to(a):a)+"="+mt("values",t[a],n,r,i))},insert(t,e,n,r,i){let a=e.length?e.flat():Object.keys(Array.isArray(t)?t[0]:t);return"("+Et(a,i)+")values"+rn(Array.isArray(t)?t:[t],n,r,a,i)}}).map(([t,e])=>[new RegExp("((?:^|[\\s(])"+t+"(?:$|[\\s(]))(?![\\s\\S]*\\1)","i"),e]);function dt(){throw H.generic("NOT_TAGGED_CALL","Query not called as a tagged template literal")}var Ar=nn.serializers,Sr=nn.parsers;function sn(t){return Array.isArray(t)?sn(t[0]):typeof t=="string"?1009:0}var on=function(t){let e=an(t||{});return{serializers:Object.assign({},Ar,e.serializers),parsers:Object.assign({},Sr,e.parsers)}};function an(t){return Object.keys(t).reduce((e,n)=>(t[n].from&&[].concat(t[n].from).forEach(r=>e.parsers[r]=t[n].parse),t[n].serialize&&(e.serializers[t[n].to]=t[n].serialize,t[n].from&&[].concat(t[n].from).forEach(r=>e.serializers[r]=t[n].serialize)),e),{parsers:{},serializers:{}})}function Et(t,{transform:{column:e}}){return t.map(n=>Qe(e.to?e.to(n):n)).join(",")}var Qe=function(e){return'"'+e.replace(/"/g,'""').replace(/\./g,'"."')+'"'},Ke=function t(e){return e instanceof oe?e.type:e instanceof Date?1184:e instanceof Uint8Array?17:e===!0||e===!1?16:typeof e=="bigint"?20:Array.isArray(e)?t(e[0]):0},Lr=/\\/g,Or=/"/g;function Rr(t){return t.replace(Lr,"\\\\").replace(Or,'\\"')}var un=function t(e,n,r,i){if(Array.isArray(e)===!1)return e;if(!e.length)return"{}";let a=e[0],u=i===1020?";":",";return Array.isArray(a)&&!a.type?"{"+e.map(l=>t(l,n,r,i)).join(u)+"}":"{"+e.map(l=>{if(l===void 0&&(l=r.transform.undefined,l===void 0))throw H.generic("UNDEFINED_VALUE","Undefined values are not allowed");return l===null?"null":'"'+Rr(n?n(l.type?l.value:l):""+l)+'"'}).join(u)+"}"},ft={i:0,char:null,str:"",quoted:!1,last:0},ln=function(e,n,r){return ft.i=ft.last=0,cn(ft,e,n,r)};function cn(t,e,n,r){let i=[],a=r===1020?";":",";for(;t.i<e.length;t.i++){if(t.char=e[t.i],t.quoted)t.char==="\\"?t.str+=e[++t.i]:t.char==='"'?(i.push(n?n(t.str):t.str),t.str="",t.quoted=e[t.i+1]==='"',t.last=t.i+2):t.str+=t.char;else if(t.char==='"')t.quoted=!0;else if(t.char==="{")t.last=++t.i,i.push(cn(t,e,n,r));else if(t.char==="}"){t.quoted=!1,t.last<t.i&&i.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1;break}else t.char===a&&t.p!=="}"&&t.p!=='"'&&(i.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1);t.p=t.char}return t.last<t.i&&i.push(n?n(e.slice(t.last,t.i+1)):e.slice(t.last,t.i+1)),i}var we=t=>{let e=t[0];for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},Ne=t=>{let e=t[0].toUpperCase();for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},Te=t=>t.replace(/_/g,"-"),$e=t=>t.replace(/([A-Z])/g,"_$1").toLowerCase(),Fe=t=>(t.slice(0,1)+t.slice(1).replace(/([A-Z])/g,"_$1")).toLowerCase(),Pe=t=>t.replace(/-/g,"_");function gt(t){return function e(n,r){return typeof n=="object"&&n!==null&&(r.type===114||r.type===3802)?Array.isArray(n)?n.map(i=>e(i,r)):Object.entries(n).reduce((i,[a,u])=>Object.assign(i,{[t(a)]:e(u,r)}),{}):n}}we.column={from:we};we.value={from:gt(we)};$e.column={to:$e};var _t={...we};_t.column.to=$e;Ne.column={from:Ne};Ne.value={from:gt(Ne)};Fe.column={to:Fe};var wt={...Ne};wt.column.to=Fe;Te.column={from:Te};Te.value={from:gt(Te)};Pe.column={to:Pe};var Nt={...Te};Nt.column.to=Pe;import dn from"node:net";import jr from"node:tls";import He from"node:crypto";import Tt from"node:stream";import{performance as fn}from"node:perf_hooks";var me=class extends Array{constructor(){super(),Object.defineProperties(this,{count:{value:null,writable:!0},state:{value:null,writable:!0},command:{value:null,writable:!0},columns:{value:null,writable:!0},statement:{value:null,writable:!0}})}static get[Symbol.species](){return Array}};var ne=br;function br(t=[]){let e=t.slice(),n=0;return{get length(){return e.length-n},remove:r=>{let i=e.indexOf(r);return i===-1?null:(e.splice(i,1),r)},push:r=>(e.push(r),r),shift:()=>{let r=e[n++];return n===e.length?(n=0,e=[]):e[n-1]=void 0,r}}}var X=Buffer.allocUnsafe(256),Dr="BCcDdEFfHPpQSX".split("").reduce((t,e)=>{let n=e.charCodeAt(0);return t[e]=()=>(X[0]=n,D.i=5,D),t},{}),D=Object.assign(Ir,Dr,{N:"\0",i:0,inc(t){return D.i+=t,D},str(t){let e=Buffer.byteLength(t);return Ve(e),D.i+=X.write(t,D.i,e,"utf8"),D},i16(t){return Ve(2),X.writeUInt16BE(t,D.i),D.i+=2,D},i32(t,e){return e||e===0?(X.writeUInt32BE(t,e),D):(Ve(4),X.writeUInt32BE(t,D.i),D.i+=4,D)},z(t){return Ve(t),X.fill(0,D.i,D.i+t),D.i+=t,D},raw(t){return X=Buffer.concat([X.subarray(0,D.i),t]),D.i=X.length,D},end(t=1){X.writeUInt32BE(D.i-t,t);let e=X.subarray(0,D.i);return D.i=0,X=Buffer.allocUnsafe(256),e}}),m=D;function Ve(t){if(X.length-D.i<t){let e=X,n=e.length;X=Buffer.allocUnsafe(n+(n>>1)+t),e.copy(X)}}function Ir(){return D.i=0,D}var At=mn,Ur=1,Ee=m().S().end(),hn=m().H().end(),Cr=m().i32(8).i32(80877103).end(8),kr=Buffer.concat([m().E().str(m.N).i32(0).end(),Ee]),vr=m().D().str("S").str(m.N).end(),be=()=>{},Mr=new Set(["FetchPreparedStatement","RevalidateCachedQuery","transformAssignedExpr"]),$r={83:"severity_local",86:"severity",67:"code",77:"message",68:"detail",72:"hint",80:"position",112:"internal_position",113:"internal_query",87:"where",115:"schema_name",116:"table_name",99:"column_name",100:"data type_name",110:"constraint_name",70:"file",76:"line",82:"routine"};function mn(t,e={},{onopen:n=be,onend:r=be,onclose:i=be}={}){let{sslnegotiation:a,ssl:u,max:l,user:d,host:w,port:S,database:p,parsers:T,transform:y,onnotice:k,onnotify:g,onparameter:W,max_pipeline:U,keep_alive:ie,backoff:re,target_session_attrs:Z}=t,L=ne(),fe=Ur++,ue={pid:null,secret:null},ye=yt(st,t.idle_timeout),ge=yt(st,t.max_lifetime),O=yt(jn,t.connect_timeout),h=null,le,x=null,R=new me,Q=Buffer.alloc(0),Ae=t.fetch_types,ce={},c={},_=Math.random().toString(36).slice(2),C=1,q=0,F=0,N=0,b=0,M=0,$=0,B=0,V=null,I=null,de=!1,ae=null,he=null,z=null,v=null,j=null,ee=null,Be=null,nt=null,f=null,je=null,Y={queue:e.closed,idleTimer:ye,connect(s){z=s,Pt()},terminate:ke,execute:Ue,cancel:Rn,end:st,count:0,id:fe};return e.closed&&e.closed.push(Y),Y;async function On(){let s;try{s=t.socket?await Promise.resolve(t.socket(t)):new dn.Socket}catch(o){Le(o);return}return s.on("error",Le),s.on("close",Ht),s.on("drain",$t),s}async function Rn({pid:s,secret:o},E,A){try{le=m().i32(16).i32(80877102).i32(s).i32(o).end(16),await Ft(),h.once("error",A),h.once("close",E)}catch(P){A(P)}}function Ue(s){if(de)return Ce(s,H.connection("CONNECTION_DESTROYED",t));if(j)return Ce(s,H.generic("COPY_IN_PROGRESS","You cannot execute queries during copy"));if(!s.cancelled)try{return s.state=ue,f?L.push(s):(f=s,f.active=!0),In(s),G(bn(s))&&!s.describeFirst&&!s.cursorFn&&L.length<U&&(!s.options.onexecute||s.options.onexecute(Y))}catch(o){return L.length===0&&G(Ee),se(o),!0}}function bn(s){if(s.parameters.length>=65534)throw H.generic("MAX_PARAMETERS_EXCEEDED","Max number of parameters (65534) exceeded");return s.options.simple?m().Q().str(s.statement.string+m.N).end():s.describeFirst?Buffer.concat([kt(s),hn]):s.prepare?s.prepared?We(s):Buffer.concat([kt(s),We(s)]):Dn(s)}function kt(s){return Buffer.concat([Bt(s.statement.string,s.parameters,s.statement.types,s.statement.name),mr("S",s.statement.name)])}function We(s){return Buffer.concat([pr(s.parameters,s.statement.types,s.statement.name,s.cursorName),s.cursorFn?Wt("",s.cursorRows):kr])}function Dn(s){return Buffer.concat([Bt(s.statement.string,s.parameters,s.statement.types),vr,We(s)])}function In(s){let o=[],E=[],A=pt(s,s.strings[0],s.args[0],o,E,t);!s.tagged&&s.args.forEach(P=>Xe(P,o,E,t)),s.prepare=t.prepare&&("prepare"in s.options?s.options.prepare:!0),s.string=A,s.signature=s.prepare&&E+A,s.onlyDescribe&&delete c[s.signature],s.parameters=s.parameters||o,s.prepared=s.prepare&&s.signature in c,s.describeFirst=s.onlyDescribe||o.length&&!s.prepared,s.statement=s.prepared?c[s.signature]:{string:A,types:E,name:s.prepare?_+C++:""},typeof t.debug=="function"&&t.debug(fe,A,o,E)}function G(s,o){return ee=ee?Buffer.concat([ee,s]):Buffer.from(s),o||ee.length>=1024?vt(o):(I===null&&(I=setImmediate(vt)),!0)}function vt(s){let o=h.write(ee,s);return I!==null&&clearImmediate(I),ee=I=null,o}function jn(){se(H.connection("CONNECT_TIMEOUT",t,h)),h.destroy()}async function Mt(){if(a!=="direct"&&(G(Cr),!await new Promise(E=>h.once("data",A=>E(A[0]===83)))&&u==="prefer"))return Se();let s={socket:h,servername:dn.isIP(h.host)?void 0:h.host};a==="direct"&&(s.ALPNProtocols=["postgresql"]),u==="require"||u==="allow"||u==="prefer"?s.rejectUnauthorized=!1:typeof u=="object"&&Object.assign(s,u),h.removeAllListeners(),h=jr.connect(s),h.on("secureConnect",Se),h.on("error",Le),h.on("close",Ht),h.on("drain",$t)}function $t(){!f&&n(Y)}function rt(s){if(!(ae&&(ae.push(s),F-=s.length,F>0)))for(Q=ae?Buffer.concat(ae,M-F):Q.length===0?s:Buffer.concat([Q,s],Q.length+s.length);Q.length>4;){if(M=Q.readUInt32BE(1),M>=Q.length){F=M-Q.length,ae=[Q];break}try{Un(Q.subarray(0,M+1))}catch(o){f&&(f.cursorFn||f.describeFirst)&&G(Ee),se(o)}Q=Q.subarray(M+1),F=0,ae=null}}async function Ft(){if(de=!1,ce={},h||(h=await On()),!!h){if(O.start(),t.socket)return u?Mt():Se();if(h.on("connect",u?Mt:Se),t.path)return h.connect(t.path);h.ssl=u,h.connect(S[N],w[N]),h.host=w[N],h.port=S[N],N=(N+1)%S.length}}function Pt(){setTimeout(Ft,q?Math.max(0,q+$-fn.now()):0)}function Se(){try{c={},Ae=t.fetch_types,_=Math.random().toString(36).slice(2),C=1,ge.start(),h.on("data",rt),ie&&h.setKeepAlive&&h.setKeepAlive(!0,1e3*ie);let s=gr();G(s)}catch(s){Le(s)}}function Le(s){if(!(Y.queue===e.connecting&&t.host[b+1]))for(se(s);L.length;)Ce(L.shift(),s)}function se(s){j&&(j.destroy(s),j=null),f&&Ce(f,s),z&&(Ce(z,s),z=null)}function Ce(s,o){if(s.reserve)return s.reject(o);(!o||typeof o!="object")&&(o=new Error(o)),"query"in o||"parameters"in o||Object.defineProperties(o,{stack:{value:o.stack+s.origin.replace(/.*\n/,`
`),enumerable:t.debug},query:{value:s.string,enumerable:t.debug},parameters:{value:s.parameters,enumerable:t.debug},args:{value:s.args,enumerable:t.debug},types:{value:s.statement&&s.statement.types,enumerable:t.debug}}),s.reject(o)}function st(){return v||(!Y.reserved&&r(Y),!Y.reserved&&!z&&!f&&L.length===0?(ke(),new Promise(s=>h&&h.readyState!=="closed"?h.once("close",s):s())):v=new Promise(s=>Be=s))}function ke(){de=!0,(j||f||z||L.length)&&Le(H.connection("CONNECTION_DESTROYED",t)),clearImmediate(I),h&&(h.removeListener("data",rt),h.removeListener("connect",Se),h.readyState==="open"&&h.end(m().X().end())),Be&&(Be(),v=Be=null)}async function Ht(s){if(Q=Buffer.alloc(0),F=0,ae=null,clearImmediate(I),h.removeListener("data",rt),h.removeListener("connect",Se),ye.cancel(),ge.cancel(),O.cancel(),h.removeAllListeners(),h=null,z)return Pt();!s&&(f||L.length)&&Le(H.connection("CONNECTION_CLOSED",t,h)),q=fn.now(),s&&t.shared.retries++,$=(typeof re=="function"?re(t.shared.retries):re)*1e3,i(Y,H.connection("CONNECTION_CLOSED",t,h))}function Un(s,o=s[0]){(o===68?Cn:o===100?or:o===65?er:o===83?kn:o===90?vn:o===67?Mn:o===50?qt:o===49?$n:o===116?Fn:o===84?Pn:o===82?Hn:o===110?Yn:o===75?Kn:o===69?xn:o===115?tr:o===51?nr:o===71?rr:o===78?ur:o===72?sr:o===99?ar:o===73?lr:o===86?cr:o===118?dr:o===87?ir:fr)(s)}function Cn(s){let o=7,E,A,P,K=f.isRaw?new Array(f.statement.columns.length):{};for(let J=0;J<f.statement.columns.length;J++)A=f.statement.columns[J],E=s.readInt32BE(o),o+=4,P=E===-1?null:f.isRaw===!0?s.subarray(o,o+=E):A.parser===void 0?s.toString("utf8",o,o+=E):A.parser.array===!0?A.parser(s.toString("utf8",o+1,o+=E)):A.parser(s.toString("utf8",o,o+=E)),f.isRaw?K[J]=f.isRaw===!0?P:y.value.from?y.value.from(P,A):P:K[A.name]=y.value.from?y.value.from(P,A):P;f.forEachFn?f.forEachFn(y.row.from?y.row.from(K):K,R):R[B++]=y.row.from?y.row.from(K):K}function kn(s){let[o,E]=s.toString("utf8",5,s.length-1).split(m.N);ce[o]=E,t.parameters[o]!==E&&(t.parameters[o]=E,W&&W(o,E))}function vn(s){if(f?x?f.retried?se(f.retried):f.prepared&&Mr.has(x.routine)?Zn(f,x):se(x):f.resolve(he||R):x&&se(x),f=he=x=null,R=new me,O.cancel(),z){if(Z){if(!ce.in_hot_standby||!ce.default_transaction_read_only)return Jn();if(Vn(Z,ce))return ke()}if(Ae)return z.reserve&&(z=null),Xn();z&&!z.reserve&&Ue(z),t.shared.retries=b=0,z=null;return}for(;L.length&&(f=L.shift())&&(f.active=!0,f.cancelled);)mn(t).cancel(f.state,f.cancelled.resolve,f.cancelled.reject);f||(Y.reserved?!Y.reserved.release&&s[5]===73?v?ke():(Y.reserved=null,n(Y)):Y.reserved():v?ke():n(Y))}function Mn(s){B=0;for(let o=s.length-1;o>0;o--)if(s[o]===32&&s[o+1]<58&&R.count===null&&(R.count=+s.toString("utf8",o+1,s.length-1)),s[o-1]>=65){R.command=s.toString("utf8",5,o),R.state=ue;break}if(je&&(je(),je=null),R.command==="BEGIN"&&l!==1&&!Y.reserved)return se(H.generic("UNSAFE_TRANSACTION","Only use sql.begin, sql.reserved or max: 1"));if(f.options.simple)return qt();f.cursorFn&&(R.count&&f.cursorFn(R),G(Ee))}function $n(){f.parsing=!1}function qt(){!R.statement&&(R.statement=f.statement),R.columns=f.statement.columns}function Fn(s){let o=s.readUInt16BE(5);for(let E=0;E<o;++E)!f.statement.types[E]&&(f.statement.types[E]=s.readUInt32BE(7+E*4));f.prepare&&(c[f.signature]=f.statement),f.describeFirst&&!f.onlyDescribe&&(G(We(f)),f.describeFirst=!1)}function Pn(s){R.command&&(he=he||[R],he.push(R=new me),R.count=null,f.statement.columns=null);let o=s.readUInt16BE(5),E=7,A;f.statement.columns=Array(o);for(let P=0;P<o;++P){for(A=E;s[E++]!==0;);let K=s.readUInt32BE(E),J=s.readUInt16BE(E+4),pe=s.readUInt32BE(E+6);f.statement.columns[P]={name:y.column.from?y.column.from(s.toString("utf8",A,E-1)):s.toString("utf8",A,E-1),parser:T[pe],table:K,number:J,type:pe},E+=18}if(R.statement=f.statement,f.onlyDescribe)return f.resolve(f.statement),G(Ee)}async function Hn(s,o=s.readUInt32BE(5)){(o===3?qn:o===5?Bn:o===10?Wn:o===11?Gn:o===12?zn:o!==0?hr:be)(s,o)}async function qn(){let s=await it();G(m().p().str(s).z(1).end())}async function Bn(s){let o="md5"+await pn(Buffer.concat([Buffer.from(await pn(await it()+d)),s.subarray(9)]));G(m().p().str(o).z(1).end())}async function Wn(){nt=(await He.randomBytes(18)).toString("base64"),m().p().str("SCRAM-SHA-256"+m.N);let s=m.i;G(m.inc(4).str("n,,n=*,r="+nt).i32(m.i-s-4,s).end())}async function Gn(s){let o=s.toString("utf8",9).split(",").reduce((J,pe)=>(J[pe[0]]=pe.slice(2),J),{}),E=await He.pbkdf2Sync(await it(),Buffer.from(o.s,"base64"),parseInt(o.i),32,"sha256"),A=await xe(E,"Client Key"),P="n=*,r="+nt+",r="+o.r+",s="+o.s+",i="+o.i+",c=biws,r="+o.r;V=(await xe(await xe(E,"Server Key"),P)).toString("base64");let K="c=biws,r="+o.r+",p="+Pr(A,Buffer.from(await xe(await Fr(A),P))).toString("base64");G(m().p().str(K).end())}function zn(s){s.toString("utf8",9).split(m.N,1)[0].slice(2)!==V&&(se(H.generic("SASL_SIGNATURE_MISMATCH","The server did not return the correct signature")),h.destroy())}function it(){return Promise.resolve(typeof t.pass=="function"?t.pass():t.pass)}function Yn(){if(R.statement=f.statement,R.statement.columns=[],f.onlyDescribe)return f.resolve(f.statement),G(Ee)}function Kn(s){ue.pid=s.readUInt32BE(5),ue.secret=s.readUInt32BE(9)}async function Xn(){Ae=!1,(await new te([`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `],[],Ue)).forEach(({oid:o,typarray:E})=>Qn(o,E))}function Qn(s,o){if(t.parsers[o]&&t.serializers[o])return;let E=t.parsers[s];t.shared.typeArrayMap[s]=o,t.parsers[o]=A=>ln(A,E,o),t.parsers[o].array=!0,t.serializers[o]=A=>un(A,t.serializers[s],t,o)}function Vn(s,o){return s==="read-write"&&o.default_transaction_read_only==="on"||s==="read-only"&&o.default_transaction_read_only==="off"||s==="primary"&&o.in_hot_standby==="on"||s==="standby"&&o.in_hot_standby==="off"||s==="prefer-standby"&&o.in_hot_standby==="off"&&t.host[b]}function Jn(){let s=new te([`
      show transaction_read_only;
      select pg_catalog.pg_is_in_recovery()
    `],[],Ue,null,{simple:!0});s.resolve=([[o],[E]])=>{ce.default_transaction_read_only=o.transaction_read_only,ce.in_hot_standby=E.pg_is_in_recovery?"on":"off"},s.execute()}function xn(s){f?((f.cursorFn||f.describeFirst)&&G(Ee),x=H.postgres(Je(s))):se(H.postgres(Je(s)))}function Zn(s,o){delete c[s.signature],s.retried=o,Ue(s)}function er(s){if(!g)return;let o=9;for(;s[o++]!==0;);g(s.toString("utf8",9,o-1),s.toString("utf8",o,s.length-1))}async function tr(){try{let s=await Promise.resolve(f.cursorFn(R));B=0,s===Oe?G(Er(f.portal)):(R=new me,G(Wt("",f.cursorRows)))}catch(s){G(Ee),f.reject(s)}}function nr(){R.count&&f.cursorFn(R),f.resolve(R)}function rr(){j=new Tt.Writable({autoDestroy:!0,write(s,o,E){h.write(m().d().raw(s).end(),E)},destroy(s,o){o(s),h.write(m().f().str(s+m.N).end()),j=null},final(s){h.write(m().c().end()),je=s,j=null}}),f.resolve(j)}function sr(){j=new Tt.Readable({read(){h.resume()}}),f.resolve(j)}function ir(){j=new Tt.Duplex({autoDestroy:!0,read(){h.resume()},write(s,o,E){h.write(m().d().raw(s).end(),E)},destroy(s,o){o(s),h.write(m().f().str(s+m.N).end()),j=null},final(s){h.write(m().c().end()),je=s}}),f.resolve(j)}function or(s){j&&(j.push(s.subarray(5))||h.pause())}function ar(){j&&j.push(null),j=null}function ur(s){k?k(Je(s)):console.log(Je(s))}function lr(){}function cr(){se(H.notSupported("FunctionCallResponse"))}function dr(){se(H.notSupported("NegotiateProtocolVersion"))}function fr(s){console.error("Postgres.js : Unknown Message:",s[0])}function hr(s,o){console.error("Postgres.js : Unknown Auth:",o)}function pr(s,o,E="",A=""){let P,K;return m().B().str(A+m.N).str(E+m.N).i16(0).i16(s.length),s.forEach((J,pe)=>{if(J===null)return m.i32(4294967295);K=o[pe],s[pe]=J=K in t.serializers?t.serializers[K](J):""+J,P=m.i,m.inc(4).str(J).i32(m.i-P-4,P)}),m.i16(0),m.end()}function Bt(s,o,E,A=""){return m().P().str(A+m.N).str(s+m.N).i16(o.length),o.forEach((P,K)=>m.i32(E[K]||0)),m.end()}function mr(s,o=""){return m().D().str(s).str(o+m.N).end()}function Wt(s="",o=0){return Buffer.concat([m().E().str(s+m.N).i32(o).end(),hn])}function Er(s=""){return Buffer.concat([m().C().str("P").str(s+m.N).end(),m().S().end()])}function gr(){return le||m().inc(4).i16(3).z(2).str(Object.entries(Object.assign({user:d,database:p,client_encoding:"UTF8"},t.connection)).filter(([,s])=>s).map(([s,o])=>s+m.N+o).join(m.N)).z(2).end(0)}}function Je(t){let e={},n=5;for(let r=5;r<t.length-1;r++)t[r]===0&&(e[$r[t[n]]]=t.toString("utf8",n+1,r),n=r+1);return e}function pn(t){return He.createHash("md5").update(t).digest("hex")}function xe(t,e){return He.createHmac("sha256",t).update(e).digest()}function Fr(t){return He.createHash("sha256").update(t).digest()}function Pr(t,e){let n=Math.max(t.length,e.length),r=Buffer.allocUnsafe(n);for(let i=0;i<n;i++)r[i]=t[i]^e[i];return r}function yt(t,e){if(e=typeof e=="function"?e():e,!e)return{cancel:be,start:be};let n;return{cancel(){n&&(clearTimeout(n),n=null)},start(){n&&clearTimeout(n),n=setTimeout(r,e*1e3,arguments)}};function r(i){t.apply(null,i),n=null}}var En=()=>{};function St(t,e){let n=new Map,r="postgresjs_"+Math.random().toString(36).slice(2),i={},a,u,l=!1,d=p.sql=t({...e,transform:{column:{},value:{},row:{}},max:1,fetch_types:!1,idle_timeout:null,max_lifetime:null,connection:{...e.connection,replication:"database"},onclose:async function(){l||(u=null,i.pid=i.secret=void 0,T(await y(d,r,e.publications)),n.forEach(g=>g.forEach(({onsubscribe:W})=>W())))},no_subscribe:!0}),w=d.end,S=d.close;return d.end=async()=>(l=!0,u&&await new Promise(g=>(u.once("close",g),u.end())),w()),d.close=async()=>(u&&await new Promise(g=>(u.once("close",g),u.end())),S()),p;async function p(g,W,U=En,ie=En){g=Br(g),a||(a=y(d,r,e.publications));let re={fn:W,onsubscribe:U},Z=n.has(g)?n.get(g).add(re):n.set(g,new Set([re])).get(g),L=()=>{Z.delete(re),Z.size===0&&n.delete(g)};return a.then(fe=>(T(fe),U(),u&&u.on("error",ie),{unsubscribe:L,state:i,sql:d}))}function T(g){u=g.stream,i.pid=g.state.pid,i.secret=g.state.secret}async function y(g,W,U){if(!U)throw new Error("Missing publication names");let ie=await g.unsafe(`CREATE_REPLICATION_SLOT ${W} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`),[re]=ie,Z=await g.unsafe(`START_REPLICATION SLOT ${W} LOGICAL ${re.consistent_point} (proto_version '1', publication_names '${U}')`).writable(),L={lsn:Buffer.concat(re.consistent_point.split("/").map(O=>Buffer.from(("00000000"+O).slice(-8),"hex")))};return Z.on("data",ue),Z.on("error",fe),Z.on("close",g.close),{stream:Z,state:ie.state};function fe(O){console.error("Unexpected error during logical streaming - reconnecting",O)}function ue(O){O[0]===119?qr(O.subarray(25),L,g.options.parsers,ye,e.transform):O[0]===107&&O[17]&&(L.lsn=O.subarray(1,9),ge())}function ye(O,h){let le=h.relation.schema+"."+h.relation.table;k("*",O,h),k("*:"+le,O,h),h.relation.keys.length&&k("*:"+le+"="+h.relation.keys.map(x=>O[x.name]),O,h),k(h.command,O,h),k(h.command+":"+le,O,h),h.relation.keys.length&&k(h.command+":"+le+"="+h.relation.keys.map(x=>O[x.name]),O,h)}function ge(){let O=Buffer.alloc(34);O[0]=114,O.fill(L.lsn,1),O.writeBigInt64BE(BigInt(Date.now()-Date.UTC(2e3,0,1))*BigInt(1e3),25),Z.write(O)}}function k(g,W,U){n.has(g)&&n.get(g).forEach(({fn:ie})=>ie(W,U,g))}}function Hr(t){return new Date(Date.UTC(2e3,0,1)+Number(t/BigInt(1e3)))}function qr(t,e,n,r,i){let a=(u,[l,d])=>(u[l.charCodeAt(0)]=d,u);Object.entries({R:u=>{let l=1,d=e[u.readUInt32BE(l)]={schema:u.toString("utf8",l+=4,l=u.indexOf(0,l))||"pg_catalog",table:u.toString("utf8",l+1,l=u.indexOf(0,l+1)),columns:Array(u.readUInt16BE(l+=2)),keys:[]};l+=2;let w=0,S;for(;l<u.length;)S=d.columns[w++]={key:u[l++],name:i.column.from?i.column.from(u.toString("utf8",l,l=u.indexOf(0,l))):u.toString("utf8",l,l=u.indexOf(0,l)),type:u.readUInt32BE(l+=1),parser:n[u.readUInt32BE(l)],atttypmod:u.readUInt32BE(l+=4)},S.key&&d.keys.push(S),l+=4},Y:()=>{},O:()=>{},B:u=>{e.date=Hr(u.readBigInt64BE(9)),e.lsn=u.subarray(1,9)},I:u=>{let l=1,d=e[u.readUInt32BE(l)],{row:w}=Ze(u,d.columns,l+=7,i);r(w,{command:"insert",relation:d})},D:u=>{let l=1,d=e[u.readUInt32BE(l)];l+=4;let w=u[l]===75;r(w||u[l]===79?Ze(u,d.columns,l+=3,i).row:null,{command:"delete",relation:d,key:w})},U:u=>{let l=1,d=e[u.readUInt32BE(l)];l+=4;let w=u[l]===75,S=w||u[l]===79?Ze(u,d.columns,l+=3,i):null;S&&(l=S.i);let{row:p}=Ze(u,d.columns,l+3,i);r(p,{command:"update",relation:d,key:w,old:S&&S.row})},T:()=>{},C:()=>{}}).reduce(a,{})[t[0]](t)}function Ze(t,e,n,r){let i,a,u,l=r.raw?new Array(e.length):{};for(let d=0;d<e.length;d++)i=t[n++],a=e[d],u=i===110?null:i===117?void 0:a.parser===void 0?t.toString("utf8",n+4,n+=4+t.readUInt32BE(n)):a.parser.array===!0?a.parser(t.toString("utf8",n+5,n+=4+t.readUInt32BE(n))):a.parser(t.toString("utf8",n+4,n+=4+t.readUInt32BE(n))),r.raw?l[d]=r.raw===!0?u:r.value.from?r.value.from(u,a):u:l[a.name]=r.value.from?r.value.from(u,a):u;return{i:n,row:r.row.from?r.row.from(l):l}}function Br(t){let e=t.match(/^(\*|insert|update|delete)?:?([^.]+?\.?[^=]+)?=?(.+)?/i)||[];if(!e)throw new Error("Malformed subscribe pattern: "+t);let[,n,r,i]=e;return(n||"*")+(r?":"+(r.indexOf(".")===-1?"public."+r:r):"")+(i?"="+i:"")}import gn from"node:stream";function Lt(t,e,n=393216){return new Promise(async(r,i)=>{await t.begin(async a=>{let u;!e&&([{oid:e}]=await a`select lo_creat(-1) as oid`);let[{fd:l}]=await a`select lo_open(${e}, ${n}) as fd`,d={writable:S,readable:w,close:()=>a`select lo_close(${l})`.then(u),tell:()=>a`select lo_tell64(${l})`,read:p=>a`select loread(${l}, ${p}) as data`,write:p=>a`select lowrite(${l}, ${p})`,truncate:p=>a`select lo_truncate64(${l}, ${p})`,seek:(p,T=0)=>a`select lo_lseek64(${l}, ${p}, ${T})`,size:()=>a`
          select
            lo_lseek64(${l}, location, 0) as position,
            seek.size
          from (
            select
              lo_lseek64($1, 0, 2) as size,
              tell.location
            from (select lo_tell64($1) as location) tell
          ) seek
        `};return r(d),new Promise(async p=>u=p);async function w({highWaterMark:p=2048*8,start:T=0,end:y=1/0}={}){let k=y-T;return T&&await d.seek(T),new gn.Readable({highWaterMark:p,async read(g){let W=g>k?g-k:g;k-=g;let[{data:U}]=await d.read(W);this.push(U),U.length<g&&this.push(null)}})}async function S({highWaterMark:p=2048*8,start:T=0}={}){return T&&await d.seek(T),new gn.Writable({highWaterMark:p,write(y,k,g){d.write(y).then(()=>g(),g)}})}}).catch(i)})}Object.assign(et,{PostgresError:_e,toPascal:Ne,pascal:wt,toCamel:we,camel:_t,toKebab:Te,kebab:Nt,fromPascal:Fe,fromCamel:$e,fromKebab:Pe,BigInt:{to:20,from:[20],parse:t=>BigInt(t),serialize:t=>t.toString()}});var Ot=et;function et(t,e){let n=zr(t,e),r=n.no_subscribe||St(et,{...n}),i=!1,a=ne(),u=ne(),l=ne(),d=ne(),w=ne(),S=ne(),p=ne(),T=ne(),y={connecting:u,reserved:l,closed:d,ended:w,open:S,busy:p,full:T},k=[...Array(n.max)].map(()=>At(n,y,{onopen:Ae,onend:Q,onclose:ce})),g=W(ye);return Object.assign(g,{get parameters(){return n.parameters},largeObject:Lt.bind(null,g),subscribe:r,CLOSE:Oe,END:Oe,PostgresError:_e,options:n,reserve:re,listen:U,begin:Z,close:le,end:h}),g;function W(c){return c.debug=n.debug,Object.entries(n.types).reduce((N,[b,M])=>(N[b]=$=>new oe($,M.to),N),_),Object.assign(C,{types:_,typed:_,unsafe:q,notify:ie,array:ue,json:fe,file:F}),C;function _(N,b){return new oe(N,b)}function C(N,...b){return N&&Array.isArray(N.raw)?new te(N,b,c,O):typeof N=="string"&&!b.length?new Re(n.transform.column.to?n.transform.column.to(N):N):new Me(N,b)}function q(N,b=[],M={}){return arguments.length===2&&!Array.isArray(b)&&(M=b,b=[]),new te([N],b,c,O,{prepare:!1,...M,simple:"simple"in M?M.simple:b.length===0})}function F(N,b=[],M={}){return arguments.length===2&&!Array.isArray(b)&&(M=b,b=[]),new te([],b,B=>{Gr.readFile(N,"utf8",(V,I)=>{if(V)return B.reject(V);B.strings=[I],c(B)})},O,{...M,simple:"simple"in M?M.simple:b.length===0})}}async function U(c,_,C){let q={fn:_,onlisten:C},F=U.sql||(U.sql=et({...n,max:1,idle_timeout:null,max_lifetime:null,fetch_types:!1,onclose(){Object.entries(U.channels).forEach(([B,{listeners:V}])=>{delete U.channels[B],Promise.all(V.map(I=>U(B,I.fn,I.onlisten).catch(()=>{})))})},onnotify(B,V){B in U.channels&&U.channels[B].listeners.forEach(I=>I.fn(V))}})),N=U.channels||(U.channels={});if(c in N){N[c].listeners.push(q);let B=await N[c].result;return q.onlisten&&q.onlisten(),{state:B.state,unlisten:$}}N[c]={result:F`listen ${F.unsafe('"'+c.replace(/"/g,'""')+'"')}`,listeners:[q]};let M=await N[c].result;return q.onlisten&&q.onlisten(),{state:M.state,unlisten:$};async function $(){if(c in N&&(N[c].listeners=N[c].listeners.filter(B=>B!==q),!N[c].listeners.length))return delete N[c],F`unlisten ${F.unsafe('"'+c.replace(/"/g,'""')+'"')}`}}async function ie(c,_){return await g`select pg_notify(${c}, ${""+_})`}async function re(){let c=ne(),_=S.length?S.shift():await new Promise((F,N)=>{let b={reserve:F,reject:N};a.push(b),d.length&&R(d.shift(),b)});L(_,l),_.reserved=()=>c.length?_.execute(c.shift()):L(_,l),_.reserved.release=!0;let C=W(q);return C.release=()=>{_.reserved=null,Ae(_)},C;function q(F){_.queue===T?c.push(F):_.execute(F)||L(_,T)}}async function Z(c,_){!_&&(_=c,c="");let C=ne(),q=0,F,N=null;try{return await g.unsafe("begin "+c.replace(/[^a-z ]/ig,""),[],{onexecute:M}).execute(),await Promise.race([b(F,_),new Promise(($,B)=>F.onclose=B)])}catch($){throw $}async function b($,B,V){let I=W(z);I.savepoint=he,I.prepare=v=>N=v.replace(/[^a-z0-9$-_. ]/gi);let de,ae;V&&await I`savepoint ${I(V)}`;try{if(ae=await new Promise((v,j)=>{let ee=B(I);Promise.resolve(Array.isArray(ee)?Promise.all(ee):ee).then(v,j)}),de)throw de}catch(v){throw await(V?I`rollback to ${I(V)}`:I`rollback`),v instanceof _e&&v.code==="25P02"&&de||v}return V||(N?await I`prepare transaction '${I.unsafe(N)}'`:await I`commit`),ae;function he(v,j){return v&&Array.isArray(v.raw)?he(ee=>ee.apply(ee,arguments)):(arguments.length===1&&(j=v,v=null),b($,j,"s"+q+++(v?"_"+v:"")))}function z(v){v.catch(j=>de||(de=j)),$.queue===T?C.push(v):$.execute(v)||L($,T)}}function M($){F=$,L($,l),$.reserved=()=>C.length?$.execute(C.shift()):L($,l)}}function L(c,_){return c.queue.remove(c),_.push(c),c.queue=_,_===S?c.idleTimer.start():c.idleTimer.cancel(),c}function fe(c){return new oe(c,3802)}function ue(c,_){return Array.isArray(c)?new oe(c,_||(c.length?Ke(c)||25:0),n.shared.typeArrayMap):ue(Array.from(arguments))}function ye(c){if(i)return c.reject(H.connection("CONNECTION_ENDED",n,n));if(S.length)return ge(S.shift(),c);if(d.length)return R(d.shift(),c);p.length?ge(p.shift(),c):a.push(c)}function ge(c,_){return c.execute(_)?L(c,p):L(c,T)}function O(c){return new Promise((_,C)=>{c.state?c.active?At(n).cancel(c.state,_,C):c.cancelled={resolve:_,reject:C}:(a.remove(c),c.cancelled=!0,c.reject(H.generic("57014","canceling statement due to user request")),_())})}async function h({timeout:c=null}={}){if(i)return i;await 1;let _;return i=Promise.race([new Promise(C=>c!==null&&(_=setTimeout(x,c*1e3,C))),Promise.all(k.map(C=>C.end()).concat(U.sql?U.sql.end({timeout:0}):[],r.sql?r.sql.end({timeout:0}):[]))]).then(()=>clearTimeout(_))}async function le(){await Promise.all(k.map(c=>c.end()))}async function x(c){for(await Promise.all(k.map(_=>_.terminate()));a.length;)a.shift().reject(H.connection("CONNECTION_DESTROYED",n));c()}function R(c,_){return L(c,u),c.connect(_),c}function Q(c){L(c,w)}function Ae(c){if(a.length===0)return L(c,S);let _=Math.ceil(a.length/(u.length+1)),C=!0;for(;C&&a.length&&_-- >0;){let q=a.shift();if(q.reserve)return q.reserve(c);C=c.execute(q)}C?L(c,p):L(c,T)}function ce(c,_){L(c,d),c.reserved=null,c.onclose&&(c.onclose(_),c.onclose=null),n.onclose&&n.onclose(c.id),a.length&&R(c,a.shift())}}function zr(t,e){if(t&&t.shared)return t;let n=process.env,r=(!t||typeof t=="string"?e:t)||{},{url:i,multihost:a}=Vr(t),u=[...i.searchParams].reduce((T,[y,k])=>(T[y]=k,T),{}),l=r.hostname||r.host||a||i.hostname||n.PGHOST||"localhost",d=r.port||i.port||n.PGPORT||5432,w=r.user||r.username||i.username||n.PGUSERNAME||n.PGUSER||Jr();r.no_prepare&&(r.prepare=!1),u.sslmode&&(u.ssl=u.sslmode,delete u.sslmode),"timeout"in r&&(console.log("The timeout option is deprecated, use idle_timeout instead"),r.idle_timeout=r.timeout),u.sslrootcert==="system"&&(u.ssl="verify-full");let S=["idle_timeout","connect_timeout","max_lifetime","max_pipeline","backoff","keep_alive"],p={max:globalThis.Cloudflare?3:10,ssl:!1,sslnegotiation:null,idle_timeout:null,connect_timeout:30,max_lifetime:Xr,max_pipeline:100,backoff:Kr,keep_alive:60,prepare:!0,debug:!1,fetch_types:!0,publications:"alltables",target_session_attrs:null};return{host:Array.isArray(l)?l:l.split(",").map(T=>T.split(":")[0]),port:Array.isArray(d)?d:l.split(",").map(T=>parseInt(T.split(":")[1]||d)),path:r.path||l.indexOf("/")>-1&&l+"/.s.PGSQL."+d,database:r.database||r.db||(i.pathname||"").slice(1)||n.PGDATABASE||w,user:w,pass:r.pass||r.password||i.password||n.PGPASSWORD||"",...Object.entries(p).reduce((T,[y,k])=>{let g=y in r?r[y]:y in u?u[y]==="disable"||u[y]==="false"?!1:u[y]:n["PG"+y.toUpperCase()]||k;return T[y]=typeof g=="string"&&S.includes(y)?+g:g,T},{}),connection:{application_name:n.PGAPPNAME||"postgres.js",...r.connection,...Object.entries(u).reduce((T,[y,k])=>(y in p||(T[y]=k),T),{})},types:r.types||{},target_session_attrs:Yr(r,i,n),onnotice:r.onnotice,onnotify:r.onnotify,onclose:r.onclose,onparameter:r.onparameter,socket:r.socket,transform:Qr(r.transform||{undefined:void 0}),parameters:{},shared:{retries:0,typeArrayMap:{}},...on(r.types)}}function Yr(t,e,n){let r=t.target_session_attrs||e.searchParams.get("target_session_attrs")||n.PGTARGETSESSIONATTRS;if(!r||["read-write","read-only","primary","standby","prefer-standby"].includes(r))return r;throw new Error("target_session_attrs "+r+" is not supported")}function Kr(t){return(.5+Math.random()/2)*Math.min(3**t/100,20)}function Xr(){return 60*(30+Math.random()*30)}function Qr(t){return{undefined:t.undefined,column:{from:typeof t.column=="function"?t.column:t.column&&t.column.from,to:t.column&&t.column.to},value:{from:typeof t.value=="function"?t.value:t.value&&t.value.from,to:t.value&&t.value.to},row:{from:typeof t.row=="function"?t.row:t.row&&t.row.from,to:t.row&&t.row.to}}}function Vr(t){if(!t||typeof t!="string")return{url:{searchParams:new Map}};let e=t;e=e.slice(e.indexOf("://")+3).split(/[?/]/)[0],e=decodeURIComponent(e.slice(e.indexOf("@")+1));let n=new URL(t.replace(e,e.split(",")[0]));return{url:{username:decodeURIComponent(n.username),password:decodeURIComponent(n.password),host:n.host,hostname:n.hostname,port:n.port,pathname:n.pathname,searchParams:n.searchParams},multihost:e.indexOf(",")>-1&&e}}function Jr(){try{return Wr.userInfo().username}catch{return process.env.USERNAME||process.env.USER||process.env.LOGNAME}}var _n=!1;function wn(){_n||(_n=!0,globalThis.addEventListener("error",t=>{xr(t.error)&&t.preventDefault()}))}function xr(t){if(!(t instanceof TypeError))return!1;let e=t.stack??"";return/^Cannot read properties of null \(reading 'write'\)$/.test(t.message)?/nextWrite/.test(e)&&/postgres[@/\\].*connection\.js/.test(e)||/\bImmediate\./.test(e):!1}var De="corun_jobs",Dt="corun_pauses";function Tn(t,e={}){return wn(),Ot(t,{max:e.max??4,onnotice:n=>{n.severity==="WARNING"&&e.onNotice?.(String(n.message))},connection:{application_name:"corun"},connect_timeout:10,backoff:es,types:{bigint:{to:20,from:[20],serialize:n=>String(n),parse:n=>Number(n)}}})}function es(t){return(.5+Math.random()/2)*Math.min(.05*2**t,1)}var bt=class t{sql;url;#e=-1/0;#r;constructor(e,n,r=!1){this.sql=e,this.url=n,this.#r=r}async transaction(e){return this.#r?await e(this):await this.sql.begin(n=>e(new t(n,this.url,!0)))}#i(e){return this.#r?e(this.sql):this.sql.begin(n=>e(n))}static async connect(e,n={}){let r=Tn(e,n);try{await ut(r)}catch(i){throw await r.end({timeout:1}),i}return new t(r,e)}async close(){await this.sql.end({timeout:1})}async saveOriginRules(e,n){if(n.length===0)return;let r=n.map(i=>Rt(e,i));await this.sql`
      INSERT INTO corun_origins ${this.sql(r)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`}async insertJobs(e,n,r,i){return n.length===0?[]:await this.#i(async a=>{if(r!==void 0){let w=[...new Set(n.map(S=>S.origin))].map(S=>Rt(e,r(S)));await a`INSERT INTO corun_origins ${a(w)} ON CONFLICT (queue, origin) DO NOTHING`}let u=n.map(d=>({queue:e,task:d.task,origin:d.origin,url:d.url,payload:d.payload,delay_ms:d.delayMs??0,fire_id:i??null,reserved_for:d.reservedFor??null})),l=await a`
        INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for)
        SELECT queue, task, origin, url, payload,
          now() + delay_ms * interval '1 millisecond', fire_id, reserved_for
        FROM jsonb_to_recordset(${a.json(u)}) AS r(
          queue text, task text, origin text, url text, payload jsonb, delay_ms float8,
          fire_id bigint, reserved_for text)
        RETURNING id`;return n.some(d=>d.reservedFor===void 0)&&await a`SELECT pg_notify(${De}, ${e})`,l.map(d=>d.id).sort((d,w)=>d-w)})}async claim(e,n,r,i,a){(performance.now()-this.#e>1e3||a!==void 0)&&(this.#e=performance.now(),await this.reapExpiredLeases(e));let u=await this.sql`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        coalesce(corun_paced(o.gap_ms, o.jitter_ms), true) AS paced,
        coalesce(o.gap_ms, 0) AS "gapMs", coalesce(o.jitter_ms, 0) AS "jitterMs"
      FROM corun_claim(${e}, ${n}, ${r}, ${i}, ${a?.id??null}::bigint,
        ${a?.nested??!1}) c
      LEFT JOIN corun_origins o ON o.queue = ${e} AND o.origin = c.origin`,l=a!==void 0;return u.map(d=>({...d,reserved:l})).sort((d,w)=>d.id-w.id)}async takeTurn(e,n,r){let[i]=await this.sql`
      WITH turn AS (
        UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
        WHERE queue = ${e} AND origin = ${n} AND next_start_at <= now()
          AND paused_until <= now()
        RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM turn) AS granted,
        (SELECT (extract(epoch FROM greatest(next_start_at, paused_until, now()) - now()) * 1000)
          ::float8
          FROM corun_origins WHERE queue = ${e} AND origin = ${n}) AS wait_ms`;return i.granted?0:i.wait_ms===null?r===void 0?0:(await this.sql`
        INSERT INTO corun_origins ${this.sql(Rt(e,r))}
        ON CONFLICT (queue, origin) DO NOTHING`,await this.takeTurn(e,n)):Math.max(1,i.wait_ms)}async reapExpiredLeases(e){let n=await this.sql`
      DELETE FROM corun_jobs
      WHERE queue = ${e} AND reserved_for IS NOT NULL AND state IN ('queued', 'leased')
        AND ((state = 'leased' AND lease_until < now()) OR corun_owner_gone(reserved_for))
      RETURNING id`,r=await this.sql`
      UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
        last_error = CASE WHEN j.lease_until < now()
          THEN 'the lease of worker ' || j.lease_owner || ' expired'
          ELSE 'worker ' || j.lease_owner || ' stopped' END
      WHERE j.queue = ${e} AND j.state = 'leased' AND j.reserved_for IS NULL
        AND (j.lease_until < now() OR EXISTS (SELECT 1 FROM corun_workers w
          WHERE w.id = j.lease_owner AND w.stopped_at IS NOT NULL))
      RETURNING j.id`,i=n.length+r.length;return i>0&&await this.sql`SELECT pg_notify(${De}, ${e})`,i}async reservedWaitMs(e,n){let[r]=await this.sql`
      SELECT greatest(0, extract(epoch FROM
          greatest(j.not_before, o.next_start_at, o.paused_until) - now()) * 1000)::float8 AS wait_ms
      FROM corun_jobs j
      LEFT JOIN corun_origins o ON o.queue = j.queue AND o.origin = j.origin
      WHERE j.id = ${n} AND j.reserved_for = ${e} AND j.state IN ('queued', 'leased')`;return r?.wait_ms}async report(e,n,r){await this.#i(async i=>{if(r.pauses.length>0){let d=r.pauses.map(w=>({origin:w.origin,for_ms:w.forMs}));await i`
          WITH p AS (
            SELECT origin, max(for_ms) AS for_ms
            FROM jsonb_to_recordset(${i.json(d)}) AS r(origin text, for_ms float8)
            GROUP BY origin),
          paused AS (
            UPDATE corun_origins o SET paused_until =
              greatest(o.paused_until, now() + p.for_ms * interval '1 millisecond')
            FROM p WHERE o.queue = ${e} AND o.origin = p.origin
            RETURNING o.origin, o.paused_until)
          SELECT pg_notify(${Dt}, json_build_object('queue', ${e}::text,
            'origin', origin, 'ms', extract(epoch FROM paused_until - now()) * 1000)::text)
          FROM paused`}let a=await Nn(i,n,"done",r.done),u=await Nn(i,n,"skipped",r.leftOut),l=0;if(r.failed.length>0&&(l=yn(await i`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${i.json(r.failed)}) AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${n}
          RETURNING j.reserved_for IS NULL AS mine`)),r.retries.length>0){let d=r.retries.map(w=>({id:w.id,delay_ms:w.delayMs,payload:w.payload}));await i`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${i.json(d)})
            AS r(id bigint, delay_ms float8, payload jsonb)
          WHERE j.id = r.id AND j.state = 'leased' AND j.lease_owner = ${n}`}r.released.length>0&&await i`
          UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
          WHERE id = ANY(${r.released}::bigint[]) AND state = 'leased'
            AND lease_owner = ${n}`,r.dropped.length>0&&await i`
          DELETE FROM corun_jobs
          WHERE id = ANY(${r.dropped}::bigint[]) AND reserved_for = ${n}
            AND state IN ('queued', 'leased')`,await i`
        UPDATE corun_workers SET last_seen = now(),
          done = done + ${a}, failed = failed + ${l}, skipped = skipped + ${u}
        WHERE id = ${n}`,await i`SELECT pg_notify(${De}, ${e})`})}async releaseUnknown(e,n,r){return(await this.sql`
      UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
      WHERE lease_owner = ${e} AND state = 'leased' AND NOT (id = ANY(${n}::bigint[]))
        AND (${r??null}::bigint IS NULL OR id = ${r??null}::bigint)
      RETURNING id`).length}async heartbeat(e,n,r){let i=await this.sql`
      UPDATE corun_jobs SET lease_until = now() + ${n} * interval '1 millisecond'
      WHERE lease_owner = ${e} AND state = 'leased' AND id = ANY(${r}::bigint[])
      RETURNING id`;return await this.sql`UPDATE corun_workers SET last_seen = now() WHERE id = ${e}`,i.length}async openWork(e){let[n]=await this.sql`
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
          WHERE o.queue = ${e} AND due.first IS NOT NULL) AS next_due_ms`;return{queued:n.queued,leased:n.leased,nextDueMs:n.next_due_ms===null?void 0:Math.max(0,n.next_due_ms)}}async registerWorker(e,n,r,i,a=3e4){await this.sql`
      INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
      VALUES (${e}, ${n}, ${r}, ${i}, ${Math.ceil(a)})`}async stopWorker(e){await this.#i(async n=>{await n`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${e}`;let r=await n`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${e} AND state = 'leased'
        RETURNING queue`;for(let i of new Set(r.map(a=>a.queue)))await n`SELECT pg_notify(${De}, ${i})`})}async insertResults(e,n,r){r.length!==0&&await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${e}, ${n}, line::jsonb FROM unnest(${r}::text[]) AS t(line)`}async claimFire(e,n,r,i,a){return(await this.sql`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${e}, ${n}, ${r}, ${i}, ${a})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`)[0]?.id}async setFireJobs(e,n){await this.sql`UPDATE corun_fires SET jobs = ${n} WHERE id = ${e}`}async lastFire(e,n){let[r]=await this.sql`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${e} AND f.schedule = ${n} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;return r===void 0?void 0:{fireAt:r.fire_at,open:r.open}}async lastFiredAt(e,n){let[r]=await this.sql`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${e} AND schedule = ${n}`;return r?.at??void 0}};async function Nn(t,e,n,r){return r.length===0?0:yn(await t`
    UPDATE corun_jobs SET state = ${n}, finished_at = now(), lease_owner = ${e},
      lease_until = NULL
    WHERE id = ANY(${r}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${e}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`)}function yn(t){return t.filter(e=>e.mine).length}function Rt(t,e){return{queue:t,origin:e.origin,per_host:e.perHost,gap_ms:Math.round(e.gapMs),jitter_ms:Math.round(e.jitterMs)}}var ts=20,tt=[250,500,1e3,2e3,5e3,1e4,3e4],Ut=class{#e;#r;#i;#d;#n=[];#u=new Map;#s=new Set;#a=new Map;#h=new Map;#E=[];#c=!1;#O;#R;#b;#t=qe();#y=qe();#p;#m;#D=!1;#k=new Set;#I=0;#A=new Set;#v;#M;#l=!1;#g=!1;#$=0;#_;constructor(e){this.#e=e,this.#r=e.store,this.#i=e.leaseMs??3e4,this.#d=e.idleMs??2e3,this.#b=Math.ceil(e.concurrency/4)}async start(){let e=await this.#r.sql.listen(De,r=>{r===this.#e.queue&&this.#N()}),n=await this.#r.sql.listen(Dt,r=>this.#te(r));this.#v=async()=>{await e.unlisten(),await n.unlisten()},this.#M=setInterval(()=>{this.#r.heartbeat(this.#e.worker,this.#i,this.#T()).catch(r=>this.#L("extend its leases",r))},Math.max(100,Math.floor(this.#i/3)))}async shutdown(){this.#l=!0,this.#g=!0,this.#X(),clearInterval(this.#M),await this.#O;for(let e of this.#n.splice(0))this.#t.released.push(e.id);this.#u.clear();for(let e of this.#s)this.#q(e);this.#s.clear();try{await this.#Q()}finally{await this.#v?.().catch(()=>{})}}#F(e){this.#R??=e,this.interrupt()}interrupt(){this.#l=!0,this.#X()}put(e){return this.#P(e,void 0)}*#P(e,n){let[r]=yield*this.#f("put a job",()=>this.#r.insertJobs(this.#e.queue,[{task:e.task,origin:e.origin,url:Sn(e.payload),payload:this.#e.codec.encode(e.payload),delayMs:e.delayMs,reservedFor:n}],i=>({origin:i,...this.#e.rules(i,e.task)})));return r}*take(){for(;;){if(this.#R!==void 0)throw this.#R;if(this.#l)return null;let e=this.#n.shift();if(e!==void 0){if(this.#s.add(e.id),this.#n.length<this.#b&&this.#re(),yield*this.#V(e))return e;continue}if(this.#g)return null;if(this.#c){let n=new Kt("queued",r=>Yt(this.#E,r));this.#E.push(n),yield*n.wait();continue}this.#c=!0;try{yield*this.#ne()}finally{this.#c=!1,this.#Y()}}}*#V(e){let n=this.#u.get(e.id);if(this.#u.delete(e.id),n===void 0||performance.now()-n.claimedAtMs<=n.graceMs)return!0;let r=!1;try{return r=yield*this.#J(e.origin,n),r}finally{r||this.#x(e.id)}}*#J(e,n){let r=()=>this.#r.takeTurn(this.#e.queue,e),i=yield*this.#f("take an origin's turn",r);return i>0&&i<=2*n.turnMs&&(yield*this.#j(i),this.#l||(i=yield*this.#f("take an origin's turn",r))),i===0&&!this.#l}#x(e){this.#s.delete(e)&&(this.#t.released.push(e),this.#o())}*acquire(e,n){let r=yield*this.#P(e,this.#e.worker);return this.#a.set(r,{origin:e.origin,url:Sn(e.payload)}),yield*this.#H(r,n)}*turnAt(e,n){for(;!this.#l;){let r=this.#S(e),i=r>0?r:yield*this.#f("take an origin's turn",()=>this.#r.takeTurn(this.#e.queue,e,{origin:e,...this.#e.rules(e,n)}));if(i===0)return;yield*this.#j(i)}}*again(e,n,r){if(!this.#s.has(e))throw new TypeError(`Cannot go again: job ${e} is not held`);return this.retryAfter(e,n),yield*this.#H(e,r)}*#H(e,n){let{queue:r,worker:i}=this.#e,a=this.#a.get(e),u;try{for(;;){let l=a===void 0?0:this.#S(a.origin);if(l>0){yield*this.#w(l);continue}let[d]=yield*this.#f("claim a job",()=>this.#r.claim(r,i,1,this.#i,{id:e,nested:n}),()=>this.#r.releaseUnknown(i,this.#T(),e));if(d===void 0){yield*this.#Z(e,a?.url);continue}let w=this.#K(d);if("problem"in w)throw this.#a.delete(e),new Error(`Cannot fetch ${d.url||`job ${e}`}: ${w.problem}`);if(this.#S(w.origin)>0){this.#t.released.push(e),this.#o();continue}return u=w,this.#s.add(u.id),u}}finally{u===void 0&&this.#a.has(e)&&this.#ee(e)}}*#Z(e,n){let r=yield*this.#f("look for a job",()=>this.#r.reservedWaitMs(this.#e.worker,e));if(r===void 0)throw this.#a.delete(e),new Error(`Cannot fetch ${n||`job ${e}`}: its job left the queue (this worker did not reach the database for longer than its lease, and was taken for gone)`);yield*r<=0?this.#w(50):this.#j(r)}*#j(e){this.#l||(yield*Ln(e,this.#A,"waiting for its time"))}#ee(e){this.#a.delete(e),this.#t.dropped.push(e),this.#o()}#q(e){this.#a.delete(e)?this.#t.dropped.push(e):this.#t.released.push(e)}done(e){this.#B(e,this.#t.done)}leftOut(e){this.#B(e,this.#t.leftOut)}#B(e,n){this.#s.delete(e)&&(this.#a.delete(e),n.push(e),this.#o(),this.#N())}failed(e,n){this.#s.delete(e)&&(this.#l?this.#q(e):(this.#a.delete(e),this.#t.failed.push({id:e,error:n??"failed"})),this.#o(),this.#N())}retryAfter(e,n,r){this.#s.delete(e)&&(this.#t.retries.push({id:e,delayMs:n,payload:r===void 0?null:this.#e.codec.encode(r)}),this.#o(),this.#N())}pauseOrigin(e,n){this.#t.pauses.push({origin:e,forMs:n}),this.#W(e,n),this.#o()}#te(e){let n;try{n=JSON.parse(e)}catch{return}n.queue!==this.#e.queue||typeof n.origin!="string"||typeof n.ms=="number"&&n.ms>0&&this.#W(n.origin,n.ms)}#W(e,n){let r=performance.now()+n;r>(this.#h.get(e)??0)&&this.#h.set(e,r);let i=this.#n.filter(a=>a.origin!==e);if(i.length!==this.#n.length){for(let a of this.#n)a.origin===e&&(this.#t.released.push(a.id),this.#u.delete(a.id));this.#n.splice(0,this.#n.length,...i),this.#o()}}#S(e){let n=this.#h.get(e);if(n===void 0)return 0;let r=n-performance.now();return r>0?r:(this.#h.delete(e),0)}close(){}get refused(){return this.#$}counts(){return{queued:this.#n.length,leased:this.#s.size}}*#ne(){if(this.#l){this.#g=!0;return}let e=this.#G();if(e<=0){yield*this.#w(this.#d);return}let n=this.#I,r=yield*this.#f("claim jobs",()=>this.#r.claim(this.#e.queue,this.#e.worker,e,this.#i),()=>this.#r.releaseUnknown(this.#e.worker,this.#T()));if(this.#z(r),this.#n.length>0)return;yield*Ge(()=>this.#Q(),"report to the database");let i=yield*this.#f("count open jobs",()=>this.#r.openWork(this.#e.queue));if(this.#e.drain&&!i.queued&&!i.leased&&this.#s.size===0){this.#g=!0;return}if(this.#I!==n)return;let a=i.nextDueMs??this.#d;yield*this.#w(Math.min(this.#d,a<=0?50:Math.max(5,a)))}#G(){return this.#e.concurrency+this.#b-this.#s.size-this.#n.length}#re(){let e=this.#G();if(this.#c||this.#l||e<=0)return;this.#c=!0;let{queue:n,worker:r}=this.#e;this.#O=this.#r.claim(n,r,e,this.#i).then(i=>{this.#z(i),this.#C()},i=>{if(!An(i)){this.#F(new Error(`Worker ${r} cannot claim jobs: ${It(i)}`,{cause:i}));return}return this.#L("claim jobs",i),this.#r.releaseUnknown(r,this.#T()).then(()=>{},()=>{})}).finally(()=>{this.#c=!1,this.#O=void 0,this.#Y()})}#z(e){let n=this.#t.released.length;for(let r of e){let i=this.#K(r);"problem"in i||(this.#S(i.origin)>0?this.#t.released.push(i.id):(this.#n.push(i),r.paced&&this.#u.set(i.id,ns(r))))}this.#t.released.length>n&&this.#o()}#Y(){for(let e of this.#E.splice(0))e.give()}#K(e){let n=this.#e.codec.decode(e.payload,e);return"problem"in n&&n.notMine?(this.#t.released.push(e.id),this.#o(),this.#F(new Error(`Queue "${this.#e.queue}" holds job ${e.id} (${e.url||"no URL"}) of another config: ${n.problem}; it went back to the queue, for a worker with that config`)),n):"problem"in n?(this.#$++,this.#e.warn(`job ${e.id} (${e.url||"no URL"}): ${n.problem}`),this.#t.failed.push({id:e.id,error:n.problem}),this.#o(),n):{id:e.id,origin:e.origin,task:e.task,attempt:e.attempt,notBeforeMs:0,payload:n.payload}}*#w(e){yield*Ln(e,this.#k,"waiting for work")}#se(e){return new Promise(n=>{let r=()=>{clearTimeout(i),this.#A.delete(r),n()},i=setTimeout(r,e);this.#A.add(r)})}#N(){this.#I++;for(let e of this.#k)e()}#X(){this.#N();for(let e of this.#A)e()}#o(){if(this.#t.pauses.length>0){clearTimeout(this.#m),this.#m=void 0,this.#U();return}this.#p!==void 0||this.#m!==void 0||(this.#m=setTimeout(()=>{this.#m=void 0,this.#U()},ts))}#U(){this.#p===void 0&&(this.#p=this.#ie().then(e=>{this.#p=void 0,e?jt(this.#t)||this.#o():this.#D=!0}))}async#ie(){for(let e=0;!jt(this.#t);e++){let n=this.#t;this.#t=qe(),this.#y=n;try{return await this.#r.report(this.#e.queue,this.#e.worker,n),this.#y=qe(),this.#C(),!0}catch(r){if(this.#y=qe(),this.#t=rs(n,this.#t),this.#L("report how its fetches ended",r),this.#g&&e>=2)return!1;await this.#se(tt[Math.min(e,tt.length-1)])}}return!0}async#Q(){for(this.#D=!1,clearTimeout(this.#m),this.#m=void 0;this.#p!==void 0||!jt(this.#t);)if(this.#p===void 0&&this.#U(),await this.#p,this.#D){let e=this.#T().length;throw new Error(e===0?"A pause an origin asked for could not be reported to the database":`${e} fetch outcomes could not be reported to the database; their leases run out and other workers do them again`)}}#T(){let e=[...this.#s,...this.#n.map(n=>n.id)];for(let n of[this.#t,this.#y]){e.push(...n.done,...n.leftOut,...n.released);for(let{id:r}of[...n.failed,...n.retries])e.push(r)}return e}*#f(e,n,r){for(let i=0;;i++)try{i>0&&r!==void 0&&(yield*Ge(r,e));let a=yield*Ge(n,e);return this.#C(),a}catch(a){if(!An(a))throw new Error(`Worker ${this.#e.worker} cannot ${e}: ${It(a)}`,{cause:a});this.#L(e,a),yield*this.#w(tt[Math.min(i,tt.length-1)])}}#L(e,n){this.#_===void 0&&(this.#_=Date.now(),this.#e.warn(`Worker ${this.#e.worker} cannot ${e}: ${It(n)}; retrying with backoff`))}#C(){if(this.#_===void 0)return;let e=((Date.now()-this.#_)/1e3).toFixed(1);this.#_=void 0,this.#e.warn(`Worker ${this.#e.worker} reaches the database again (after ${e}s)`)}};function ns(t){return{claimedAtMs:performance.now(),graceMs:Math.min(50,t.gapMs/10),turnMs:t.gapMs+t.jitterMs}}function An(t){let e=ot(t);return e===void 0?!1:e.startsWith("CONNECT")||e==="CONNECTION_CLOSED"||e==="CONNECTION_ENDED"||e==="CONNECTION_DESTROYED"||e==="ECONNREFUSED"||e==="ECONNRESET"||e==="EPIPE"||e==="ETIMEDOUT"||e==="57P01"||e==="57P02"||e==="57P03"||e.startsWith("08")}function It(t){let e=Gt(t),n=ot(t);return n!==void 0&&!e.includes(n)?`${e} (${n})`:e}function Sn(t){let e=t?.url;return typeof e=="string"?e:""}function qe(){return{done:[],leftOut:[],failed:[],retries:[],released:[],dropped:[],pauses:[]}}function jt(t){return t.done.length+t.leftOut.length+t.failed.length+t.retries.length+t.released.length+t.dropped.length+t.pauses.length===0}function rs(t,e){return{done:[...t.done,...e.done],leftOut:[...t.leftOut,...e.leftOut],failed:[...t.failed,...e.failed],retries:[...t.retries,...e.retries],released:[...t.released,...e.released],dropped:[...t.dropped,...e.dropped],pauses:[...t.pauses,...e.pauses]}}function Ln(t,e,n){return zt(r=>{let i=setTimeout(r,t),a=()=>r();return e.add(a),()=>{clearTimeout(i),e.delete(a)}},n)}var Ct=class{#e;#r;#i;#d;#n=[];#u;#s;#a=0;#h=0;constructor(e,n,r,i){this.#e=e,this.#r=n,this.#i=r,this.#d=i}appendJson(e){this.#n.push(e),this.#n.length>1e5&&(this.#h+=this.#n.length-1e5,this.#n.splice(0,this.#n.length-1e5)),this.#E(100)}async close(){clearTimeout(this.#s),this.#s=void 0,await this.#u,this.#n.length>0&&await this.#c();let e=this.#n.length+this.#h;e>0&&this.#d(`${e} metadata lines did not reach the database (they are in the worker's metadata file)`)}#E(e){this.#u!==void 0||this.#s!==void 0||(this.#s=setTimeout(()=>{this.#s=void 0,this.#u=this.#c().then(n=>{this.#u=void 0,this.#n.length>0&&this.#E(n?100:5e3)})},e))}async#c(){for(;this.#n.length>0;){let e=this.#n.slice(0,500);try{await this.#e.insertResults(this.#r,this.#i,e)}catch(n){return this.#a++===0&&this.#d(`Cannot copy metadata lines to the database: ${n.message}`),!1}this.#n.splice(0,e.length)}return!0}};async function ss(t,e){let n=t.sql,r=e??null,i=await n`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${r}::text IS NULL OR queue = ${r}
    ORDER BY queue`,a=[];for(let{queue:u}of i){let l=await n`
      SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms,
        CASE WHEN o.paused_until > now() THEN o.paused_until END AS paused_until,
        count(j.id) FILTER (WHERE j.state = 'queued' AND j.not_before <= now() AND mine)::int
          AS ready,
        count(j.id) FILTER (WHERE j.state = 'queued' AND j.not_before > now() AND mine)::int
          AS waiting,
        count(j.id) FILTER (WHERE j.state = 'queued' AND j.attempt > 0 AND mine)::int AS retries,
        count(j.id) FILTER (WHERE j.state = 'leased' AND mine)::int AS leased,
        count(j.id) FILTER (WHERE j.state = 'done' AND mine)::int AS done,
        count(j.id) FILTER (WHERE j.state = 'failed' AND mine)::int AS failed,
        count(j.id) FILTER (WHERE j.state = 'skipped' AND mine)::int AS skipped,
        count(j.id) FILTER (WHERE j.state IN ('queued', 'leased') AND NOT mine)::int
          AS in_callbacks
      FROM corun_origins o LEFT JOIN corun_jobs j ON j.queue = o.queue AND j.origin = o.origin
      -- The queue's own jobs; the others are reserved for a worker's callback (ctx.fetch).
      CROSS JOIN LATERAL (SELECT j.reserved_for IS NULL AS mine) r
      WHERE o.queue = ${u}
      GROUP BY o.origin, o.per_host, o.gap_ms, o.jitter_ms, o.paused_until
      ORDER BY o.origin`,d=await n`
      SELECT w.*, (SELECT count(*) FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state = 'leased')::int AS leases,
        corun_owner_gone(w.id) AS gone,
        (extract(epoch FROM now() - w.last_seen) * 1000)::float8 AS seen_ago_ms
      FROM corun_workers w WHERE w.queue = ${u}
      -- The running first: rows of stopped and killed workers are kept, and would push them out.
      ORDER BY gone, w.started_at DESC LIMIT ${20}`,w=await n`
      SELECT task, url, coalesce(last_error, '') AS error, finished_at
      FROM corun_jobs WHERE queue = ${u} AND state = 'failed'
      ORDER BY finished_at DESC LIMIT 10`,S=await n`
      SELECT schedule, fire_at, outcome, jobs, owner FROM corun_fires WHERE queue = ${u}
      ORDER BY fire_at DESC LIMIT 10`;a.push({queue:u,origins:l.map(p=>({origin:p.origin,ready:p.ready,waiting:p.waiting,retries:p.retries,leased:p.leased,done:p.done,failed:p.failed,skipped:p.skipped,inCallbacks:p.in_callbacks,perHost:p.per_host,gapMs:p.gap_ms,jitterMs:p.jitter_ms,pausedUntil:Ie(p.paused_until)})),workers:d.map(p=>({id:p.id,host:p.host,pid:p.pid,startedAt:Ie(p.started_at),lastSeen:Ie(p.last_seen),lastSeenAgoMs:Math.max(0,Math.round(p.seen_ago_ms)),stoppedAt:Ie(p.stopped_at),state:p.stopped_at!==null?"stopped":p.gone?"gone":"running",leases:p.leases,done:p.done,failed:p.failed,skipped:p.skipped})),failures:w.map(p=>({task:p.task,url:p.url,error:p.error,at:Ie(p.finished_at)})),fires:S.map(p=>({schedule:p.schedule,fireAt:Ie(p.fire_at),outcome:p.outcome,jobs:p.jobs,owner:p.owner}))})}return a}function Ie(t){return t instanceof Date?t.toISOString():null}export{Ut as PgFrontier,Ct as PgResultLog,bt as PgStore,Vt as SCHEMA_VERSION,ut as migrate,Tn as postgresClient,ss as queueStatus};
