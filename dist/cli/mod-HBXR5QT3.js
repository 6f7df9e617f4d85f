import{a as Qt,b as Vt,f as Zt}from"./chunk-FLSZSRCZ.js";import{e as Kt,g as Ye,l as Xt,m as xe,v as Jt}from"./chunk-XIPZZWTM.js";async function en(t){let e=t.options.connect_timeout+2,n,r=new Promise((i,a)=>{n=setTimeout(()=>{a(new Error(`no answer in PostgreSQL's protocol within ${e}s (the address takes connections but closes them or stays silent: is it another service's port?)`))},e*1e3)});try{await Promise.race([t`SELECT 1`.execute(),r])}finally{clearTimeout(n)}}var ct=[{version:1,what:"jobs, origins, fires, workers and results",sql:`
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
    `}],nn=ct[ct.length-1].version,Ir=427071534446;async function dt(t,e=nn){await en(t);let n=ct.filter(i=>i.version<=e),r=await jr(t);return r!==void 0&&tn(r,n)?[]:await t.begin(async i=>{await i`SELECT pg_advisory_xact_lock(${Ir})`,await i`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;let a=await i`SELECT version FROM corun_migrations`,u=new Set(a.map(d=>d.version));if(tn(u,n))return[];let l=[];for(let d of n)u.has(d.version)||(await i.unsafe(d.sql),await i`INSERT INTO corun_migrations (version, what) VALUES (${d.version}, ${d.what})`,l.push(d.version));return l})}async function jr(t){let[e]=await t`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;if(!e.found)return;let n=await t`SELECT version FROM corun_migrations`;return new Set(n.map(r=>r.version))}function tn(t,e){let n=Math.max(0,...t),r=Math.max(0,...e.map(i=>i.version));if(n>r)throw new Error(`The database's corun tables are at version ${n}, newer than this corun's ${r}: upgrade corun on this machine`);return e.every(i=>t.has(i.version))}var Ur=new Set(["ECONNREFUSED","ECONNRESET","ECONNABORTED","EPIPE","ETIMEDOUT","EHOSTUNREACH","EHOSTDOWN","ENETUNREACH","ENETDOWN","EAI_AGAIN"]);function $e(t){let e=Ye(t);return e===void 0?!1:e.startsWith("CONNECT")||e==="CONNECTION_CLOSED"||e==="CONNECTION_ENDED"||e==="CONNECTION_DESTROYED"||Ur.has(e)||e.startsWith("08")||e==="57P01"||e==="57P02"||e==="57P03"||e==="57014"||e==="40001"||e==="40P01"||e==="55P03"||e.startsWith("53")}import ns from"node:os";import rs from"node:fs";var Ke=new Map,ft=new Map,ht=Symbol("OriginError"),Oe={},te=class extends Promise{constructor(e,n,r,i,a={}){let u,l;super((d,g)=>{u=d,l=g}),this.tagged=Array.isArray(e.raw),this.strings=e,this.args=n,this.handler=r,this.canceller=i,this.options=a,this.state=null,this.statement=null,this.resolve=d=>(this.active=!1,u(d)),this.reject=d=>(this.active=!1,l(d)),this.active=!1,this.cancelled=null,this.executed=!1,this.signature="",this[ht]=this.handler.debug?new Error:this.tagged&&Cr(this.strings)}get origin(){return(this.handler.debug?this[ht].stack:this.tagged&&ft.has(this.strings)?ft.get(this.strings):ft.set(this.strings,this[ht].stack).get(this.strings))||""}static get[Symbol.species](){return Promise}cancel(){return this.canceller&&(this.canceller(this),this.canceller=null)}simple(){return this.options.simple=!0,this.options.prepare=!1,this}async readable(){return this.simple(),this.streaming=!0,this}async writable(){return this.simple(),this.streaming=!0,this}cursor(e=1,n){if(this.options.simple=!1,typeof e=="function"&&(n=e,e=1),this.cursorRows=e,typeof n=="function")return this.cursorFn=n,this;let r;return{[Symbol.asyncIterator]:()=>({next:()=>{if(this.executed&&!this.active)return{done:!0};r&&r();let i=new Promise((a,u)=>{this.cursorFn=l=>(a({value:l,done:!1}),new Promise(d=>r=d)),this.resolve=()=>(this.active=!1,a({done:!0})),this.reject=l=>(this.active=!1,u(l))});return this.execute(),i},return(){return r&&r(Oe),{done:!0}}})}}describe(){return this.options.simple=!1,this.onlyDescribe=this.options.prepare=!0,this}stream(){throw new Error(".stream has been renamed to .forEach")}forEach(e){return this.forEachFn=e,this.handle(),this}raw(){return this.isRaw=!0,this}values(){return this.isRaw="values",this}async handle(){!this.executed&&(this.executed=!0)&&await 1&&this.handler(this)}execute(){return this.handle(),this}then(){return this.handle(),super.then.apply(this,arguments)}catch(){return this.handle(),super.catch.apply(this,arguments)}finally(){return this.handle(),super.finally.apply(this,arguments)}};function Cr(t){if(Ke.has(t))return Ke.get(t);let e=Error.stackTraceLimit;return Error.stackTraceLimit=4,Ke.set(t,new Error),Error.stackTraceLimit=e,Ke.get(t)}var _e=class extends Error{constructor(e){super(e.message),this.name=this.constructor.name,Object.assign(this,e)}},H={connection:rn,postgres:sn,generic:on,notSupported:an};function rn(t,e,n){let{host:r,port:i}=n||e,a=Object.assign(new Error("write "+t+" "+(e.path||r+":"+i)),{code:t,errno:t,address:e.path||r},e.path?{}:{port:i});return Error.captureStackTrace(a,rn),a}function sn(t){let e=new _e(t);return Error.captureStackTrace(e,sn),e}function on(t,e){let n=Object.assign(new Error(t+": "+e),{code:t});return Error.captureStackTrace(n,on),n}function an(t){let e=Object.assign(new Error(t+" (B) is not supported"),{code:"MESSAGE_NOT_SUPPORTED",name:t});return Error.captureStackTrace(e,an),e}var kr={string:{to:25,from:null,serialize:t=>""+t},number:{to:0,from:[21,23,26,700,701],serialize:t=>""+t,parse:t=>+t},json:{to:114,from:[114,3802],serialize:t=>JSON.stringify(t),parse:t=>JSON.parse(t)},boolean:{to:16,from:16,serialize:t=>t===!0?"t":"f",parse:t=>t==="t"},date:{to:1184,from:[1082,1114,1184],serialize:t=>(t instanceof Date?t:new Date(t)).toISOString(),parse:t=>new Date(t)},bytea:{to:17,from:17,serialize:t=>"\\x"+Buffer.from(t).toString("hex"),parse:t=>Buffer.from(t.slice(2),"hex")}},Me=class{then(){pt()}catch(){pt()}finally(){pt()}},be=class extends Me{constructor(e){super(),this.value=Ve(e)}},oe=class extends Me{constructor(e,n,r){super(),this.value=e,this.type=n,this.array=r}},Fe=class extends Me{constructor(e,n){super(),this.first=e,this.rest=n}build(e,n,r,i){let a=vr.map(([u,l])=>({fn:l,i:e.search(u)})).sort((u,l)=>u.i-l.i).pop();return a.i===-1?Nt(this.first,i):a.fn(this.first,this.rest,n,r,i)}};function Qe(t,e,n,r){let i=t instanceof oe?t.value:t;if(i===void 0&&(t instanceof oe?t.value=r.transform.undefined:i=t=r.transform.undefined,i===void 0))throw H.generic("UNDEFINED_VALUE","Undefined values are not allowed");return"$"+n.push(t instanceof oe?(e.push(t.value),t.array?t.array[t.type||Je(t.value)]||t.type||dn(t.value):t.type):(e.push(t),Je(t)))}var ln=hn(kr);function gt(t,e,n,r,i,a){for(let u=1;u<t.strings.length;u++)e+=_t(e,n,r,i,a)+t.strings[u],n=t.args[u];return e}function _t(t,e,n,r,i){return e instanceof Fe?e.build(t,n,r,i):e instanceof te?Et(e,n,r,i):e instanceof be?e.value:e&&e[0]instanceof te?e.reduce((a,u)=>a+" "+Et(u,n,r,i),""):Qe(e,n,r,i)}function Et(t,e,n,r){return t.fragment=!0,gt(t,t.strings[0],t.args[0],e,n,r)}function cn(t,e,n,r,i){return t.map(a=>"("+r.map(u=>_t("values",a[u],e,n,i)).join(",")+")").join(",")}function un(t,e,n,r,i){let a=Array.isArray(t[0]),u=e.length?e.flat():Object.keys(a?t[0]:t);return cn(a?t:[t],n,r,u,i)}function Xe(t,e,n,r,i){if(typeof t=="string"&&(t=[t].concat(e)),Array.isArray(t))return Nt(t,i);let a;return(e.length?e.flat():Object.keys(t)).map(l=>(a=t[l],(a instanceof te?Et(a,n,r,i):a instanceof be?a.value:Qe(a,n,r,i))+" as "+Ve(i.transform.column.to?i.transform.column.to(l):l))).join(",")}var vr=Object.entries({values:un,in:(...t)=>{let e=un(...t);return e==="()"?"(null)":e},select:Xe,as:Xe,returning:Xe,"\\(":Xe,update(t,e,n,r,i){return(e.length?e.flat():Object.keys(t)).map(a=>Ve(i.transform.column.to?i.transform.column.to(a):a)+"="+_t("values",t[a],n,r,i))},insert(t,e,n,r,i){let a=e.length?e.flat():Object.keys(Array.isArray(t)?t[0]:t);return"("+Nt(a,i)+")values"+cn(Array.isArray(t)?t:[t],n,r,a,i)}}).map(([t,e])=>[new RegExp("((?:^|[\\s(])"+t+"(?:$|[\\s(]))(?![\\s\\S]*\\1)","i"),e]);function pt(){throw H.generic("NOT_TAGGED_CALL","Query not called as a tagged template literal")}var $r=ln.serializers,Mr=ln.parsers;function dn(t){return Array.isArray(t)?dn(t[0]):typeof t=="string"?1009:0}var fn=function(t){let e=hn(t||{});return{serializers:Object.assign({},$r,e.serializers),parsers:Object.assign({},Mr,e.parsers)}};function hn(t){return Object.keys(t).reduce((e,n)=>(t[n].from&&[].concat(t[n].from).forEach(r=>e.parsers[r]=t[n].parse),t[n].serialize&&(e.serializers[t[n].to]=t[n].serialize,t[n].from&&[].concat(t[n].from).forEach(r=>e.serializers[r]=t[n].serialize)),e),{parsers:{},serializers:{}})}function Nt(t,{transform:{column:e}}){return t.map(n=>Ve(e.to?e.to(n):n)).join(",")}var Ve=function(e){return'"'+e.replace(/"/g,'""').replace(/\./g,'"."')+'"'},Je=function t(e){return e instanceof oe?e.type:e instanceof Date?1184:e instanceof Uint8Array?17:e===!0||e===!1?16:typeof e=="bigint"?20:Array.isArray(e)?t(e[0]):0},Fr=/\\/g,Pr=/"/g;function Hr(t){return t.replace(Fr,"\\\\").replace(Pr,'\\"')}var pn=function t(e,n,r,i){if(Array.isArray(e)===!1)return e;if(!e.length)return"{}";let a=e[0],u=i===1020?";":",";return Array.isArray(a)&&!a.type?"{"+e.map(l=>t(l,n,r,i)).join(u)+"}":"{"+e.map(l=>{if(l===void 0&&(l=r.transform.undefined,l===void 0))throw H.generic("UNDEFINED_VALUE","Undefined values are not allowed");return l===null?"null":'"'+Hr(n?n(l.type?l.value:l):""+l)+'"'}).join(u)+"}"},mt={i:0,char:null,str:"",quoted:!1,last:0},mn=function(e,n,r){return mt.i=mt.last=0,En(mt,e,n,r)};function En(t,e,n,r){let i=[],a=r===1020?";":",";for(;t.i<e.length;t.i++){if(t.char=e[t.i],t.quoted)t.char==="\\"?t.str+=e[++t.i]:t.char==='"'?(i.push(n?n(t.str):t.str),t.str="",t.quoted=e[t.i+1]==='"',t.last=t.i+2):t.str+=t.char;else if(t.char==='"')t.quoted=!0;else if(t.char==="{")t.last=++t.i,i.push(En(t,e,n,r));else if(t.char==="}"){t.quoted=!1,t.last<t.i&&i.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1;break}else t.char===a&&t.p!=="}"&&t.p!=='"'&&(i.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1);t.p=t.char}return t.last<t.i&&i.push(n?n(e.slice(t.last,t.i+1)):e.slice(t.last,t.i+1)),i}var Ne=t=>{let e=t[0];for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},we=t=>{let e=t[0].toUpperCase();for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},Te=t=>t.replace(/_/g,"-"),Pe=t=>t.replace(/([A-Z])/g,"_$1").toLowerCase(),He=t=>(t.slice(0,1)+t.slice(1).replace(/([A-Z])/g,"_$1")).toLowerCase(),We=t=>t.replace(/-/g,"_");function wt(t){return function e(n,r){return typeof n=="object"&&n!==null&&(r.type===114||r.type===3802)?Array.isArray(n)?n.map(i=>e(i,r)):Object.entries(n).reduce((i,[a,u])=>Object.assign(i,{[t(a)]:e(u,r)}),{}):n}}Ne.column={from:Ne};Ne.value={from:wt(Ne)};Pe.column={to:Pe};var Tt={...Ne};Tt.column.to=Pe;we.column={from:we};we.value={from:wt(we)};He.column={to:He};var At={...we};At.column.to=He;Te.column={from:Te};Te.value={from:wt(Te)};We.column={to:We};var yt={...Te};yt.column.to=We;import gn from"node:net";import Gr from"node:tls";import Be from"node:crypto";import St from"node:stream";import{performance as _n}from"node:perf_hooks";var me=class extends Array{constructor(){super(),Object.defineProperties(this,{count:{value:null,writable:!0},state:{value:null,writable:!0},command:{value:null,writable:!0},columns:{value:null,writable:!0},statement:{value:null,writable:!0}})}static get[Symbol.species](){return Array}};var ne=Wr;function Wr(t=[]){let e=t.slice(),n=0;return{get length(){return e.length-n},remove:r=>{let i=e.indexOf(r);return i===-1?null:(e.splice(i,1),r)},push:r=>(e.push(r),r),shift:()=>{let r=e[n++];return n===e.length?(n=0,e=[]):e[n-1]=void 0,r}}}var K=Buffer.allocUnsafe(256),Br="BCcDdEFfHPpQSX".split("").reduce((t,e)=>{let n=e.charCodeAt(0);return t[e]=()=>(K[0]=n,D.i=5,D),t},{}),D=Object.assign(qr,Br,{N:"\0",i:0,inc(t){return D.i+=t,D},str(t){let e=Buffer.byteLength(t);return Ze(e),D.i+=K.write(t,D.i,e,"utf8"),D},i16(t){return Ze(2),K.writeUInt16BE(t,D.i),D.i+=2,D},i32(t,e){return e||e===0?(K.writeUInt32BE(t,e),D):(Ze(4),K.writeUInt32BE(t,D.i),D.i+=4,D)},z(t){return Ze(t),K.fill(0,D.i,D.i+t),D.i+=t,D},raw(t){return K=Buffer.concat([K.subarray(0,D.i),t]),D.i=K.length,D},end(t=1){K.writeUInt32BE(D.i-t,t);let e=K.subarray(0,D.i);return D.i=0,K=Buffer.allocUnsafe(256),e}}),m=D;function Ze(t){if(K.length-D.i<t){let e=K,n=e.length;K=Buffer.allocUnsafe(n+(n>>1)+t),e.copy(K)}}function qr(){return D.i=0,D}var Ot=Tn,zr=1,Ee=m().S().end(),Nn=m().H().end(),Yr=m().i32(8).i32(80877103).end(8),xr=Buffer.concat([m().E().str(m.N).i32(0).end(),Ee]),Kr=m().D().str("S").str(m.N).end(),Re=()=>{},Xr=new Set(["FetchPreparedStatement","RevalidateCachedQuery","transformAssignedExpr"]),Jr={83:"severity_local",86:"severity",67:"code",77:"message",68:"detail",72:"hint",80:"position",112:"internal_position",113:"internal_query",87:"where",115:"schema_name",116:"table_name",99:"column_name",100:"data type_name",110:"constraint_name",70:"file",76:"line",82:"routine"};function Tn(t,e={},{onopen:n=Re,onend:r=Re,onclose:i=Re}={}){let{sslnegotiation:a,ssl:u,max:l,user:d,host:g,port:h,database:R,parsers:T,transform:A,onnotice:k,onnotify:_,onparameter:q,max_pipeline:U,keep_alive:ie,backoff:re,target_session_attrs:Z}=t,S=ne(),fe=zr++,ue={pid:null,secret:null},Ae=Lt(ut,t.idle_timeout),ge=Lt(ut,t.max_lifetime),L=Lt(qn,t.connect_timeout),p=null,le,V=null,O=new me,X=Buffer.alloc(0),ye=t.fetch_types,ce={},c={},N=Math.random().toString(36).slice(2),C=1,W=0,F=0,w=0,b=0,$=0,M=0,B=0,J=null,I=null,de=!1,ae=null,he=null,z=null,v=null,j=null,ee=null,Ge=null,ot=null,f=null,Ue=null,Y={queue:e.closed,idleTimer:Ae,connect(s){z=s,qt()},terminate:ve,execute:Ce,cancel:Pn,end:ut,count:0,id:fe};return e.closed&&e.closed.push(Y),Y;async function Fn(){let s;try{s=t.socket?await Promise.resolve(t.socket(t)):new gn.Socket}catch(o){Le(o);return}return s.on("error",Le),s.on("close",Gt),s.on("drain",Wt),s}async function Pn({pid:s,secret:o},E,y){try{le=m().i32(16).i32(80877102).i32(s).i32(o).end(16),await Bt(),p.once("error",y),p.once("close",E)}catch(P){y(P)}}function Ce(s){if(de)return ke(s,H.connection("CONNECTION_DESTROYED",t));if(j)return ke(s,H.generic("COPY_IN_PROGRESS","You cannot execute queries during copy"));if(!s.cancelled)try{return s.state=ue,f?S.push(s):(f=s,f.active=!0),Bn(s),G(Hn(s))&&!s.describeFirst&&!s.cursorFn&&S.length<U&&(!s.options.onexecute||s.options.onexecute(Y))}catch(o){return S.length===0&&G(Ee),se(o),!0}}function Hn(s){if(s.parameters.length>=65534)throw H.generic("MAX_PARAMETERS_EXCEEDED","Max number of parameters (65534) exceeded");return s.options.simple?m().Q().str(s.statement.string+m.N).end():s.describeFirst?Buffer.concat([Ft(s),Nn]):s.prepare?s.prepared?ze(s):Buffer.concat([Ft(s),ze(s)]):Wn(s)}function Ft(s){return Buffer.concat([Yt(s.statement.string,s.parameters,s.statement.types,s.statement.name),br("S",s.statement.name)])}function ze(s){return Buffer.concat([Or(s.parameters,s.statement.types,s.statement.name,s.cursorName),s.cursorFn?xt("",s.cursorRows):xr])}function Wn(s){return Buffer.concat([Yt(s.statement.string,s.parameters,s.statement.types),Kr,ze(s)])}function Bn(s){let o=[],E=[],y=gt(s,s.strings[0],s.args[0],o,E,t);!s.tagged&&s.args.forEach(P=>Qe(P,o,E,t)),s.prepare=t.prepare&&("prepare"in s.options?s.options.prepare:!0),s.string=y,s.signature=s.prepare&&E+y,s.onlyDescribe&&delete c[s.signature],s.parameters=s.parameters||o,s.prepared=s.prepare&&s.signature in c,s.describeFirst=s.onlyDescribe||o.length&&!s.prepared,s.statement=s.prepared?c[s.signature]:{string:y,types:E,name:s.prepare?N+C++:""},typeof t.debug=="function"&&t.debug(fe,y,o,E)}function G(s,o){return ee=ee?Buffer.concat([ee,s]):Buffer.from(s),o||ee.length>=1024?Pt(o):(I===null&&(I=setImmediate(Pt)),!0)}function Pt(s){let o=p.write(ee,s);return I!==null&&clearImmediate(I),ee=I=null,o}function qn(){se(H.connection("CONNECT_TIMEOUT",t,p)),p.destroy()}async function Ht(){if(a!=="direct"&&(G(Yr),!await new Promise(E=>p.once("data",y=>E(y[0]===83)))&&u==="prefer"))return Se();let s={socket:p,servername:gn.isIP(p.host)?void 0:p.host};a==="direct"&&(s.ALPNProtocols=["postgresql"]),u==="require"||u==="allow"||u==="prefer"?s.rejectUnauthorized=!1:typeof u=="object"&&Object.assign(s,u),p.removeAllListeners(),p=Gr.connect(s),p.on("secureConnect",Se),p.on("error",Le),p.on("close",Gt),p.on("drain",Wt)}function Wt(){!f&&n(Y)}function at(s){if(!(ae&&(ae.push(s),F-=s.length,F>0)))for(X=ae?Buffer.concat(ae,$-F):X.length===0?s:Buffer.concat([X,s],X.length+s.length);X.length>4;){if($=X.readUInt32BE(1),$>=X.length){F=$-X.length,ae=[X];break}try{Gn(X.subarray(0,$+1))}catch(o){f&&(f.cursorFn||f.describeFirst)&&G(Ee),se(o)}X=X.subarray($+1),F=0,ae=null}}async function Bt(){if(de=!1,ce={},p||(p=await Fn()),!!p){if(L.start(),t.socket)return u?Ht():Se();if(p.on("connect",u?Ht:Se),t.path)return p.connect(t.path);p.ssl=u,p.connect(h[w],g[w]),p.host=g[w],p.port=h[w],w=(w+1)%h.length}}function qt(){setTimeout(Bt,W?Math.max(0,W+M-_n.now()):0)}function Se(){try{c={},ye=t.fetch_types,N=Math.random().toString(36).slice(2),C=1,ge.start(),p.on("data",at),ie&&p.setKeepAlive&&p.setKeepAlive(!0,1e3*ie);let s=Dr();G(s)}catch(s){Le(s)}}function Le(s){if(!(Y.queue===e.connecting&&t.host[b+1]))for(se(s);S.length;)ke(S.shift(),s)}function se(s){j&&(j.destroy(s),j=null),f&&ke(f,s),z&&(ke(z,s),z=null)}function ke(s,o){if(s.reserve)return s.reject(o);(!o||typeof o!="object")&&(o=new Error(o)),"query"in o||"parameters"in o||Object.defineProperties(o,{stack:{value:o.stack+s.origin.replace(/.*\n/,`
`),enumerable:t.debug},query:{value:s.string,enumerable:t.debug},parameters:{value:s.parameters,enumerable:t.debug},args:{value:s.args,enumerable:t.debug},types:{value:s.statement&&s.statement.types,enumerable:t.debug}}),s.reject(o)}function ut(){return v||(!Y.reserved&&r(Y),!Y.reserved&&!z&&!f&&S.length===0?(ve(),new Promise(s=>p&&p.readyState!=="closed"?p.once("close",s):s())):v=new Promise(s=>Ge=s))}function ve(){de=!0,(j||f||z||S.length)&&Le(H.connection("CONNECTION_DESTROYED",t)),clearImmediate(I),p&&(p.removeListener("data",at),p.removeListener("connect",Se),p.readyState==="open"&&p.end(m().X().end())),Ge&&(Ge(),v=Ge=null)}async function Gt(s){if(X=Buffer.alloc(0),F=0,ae=null,clearImmediate(I),p.removeListener("data",at),p.removeListener("connect",Se),Ae.cancel(),ge.cancel(),L.cancel(),p.removeAllListeners(),p=null,z)return qt();!s&&(f||S.length)&&Le(H.connection("CONNECTION_CLOSED",t,p)),W=_n.now(),s&&t.shared.retries++,M=(typeof re=="function"?re(t.shared.retries):re)*1e3,i(Y,H.connection("CONNECTION_CLOSED",t,p))}function Gn(s,o=s[0]){(o===68?zn:o===100?_r:o===65?fr:o===83?Yn:o===90?xn:o===67?Kn:o===50?zt:o===49?Xn:o===116?Jn:o===84?Qn:o===82?Vn:o===110?sr:o===75?ir:o===69?cr:o===115?hr:o===51?pr:o===71?mr:o===78?wr:o===72?Er:o===99?Nr:o===73?Tr:o===86?Ar:o===118?yr:o===87?gr:Sr)(s)}function zn(s){let o=7,E,y,P,x=f.isRaw?new Array(f.statement.columns.length):{};for(let Q=0;Q<f.statement.columns.length;Q++)y=f.statement.columns[Q],E=s.readInt32BE(o),o+=4,P=E===-1?null:f.isRaw===!0?s.subarray(o,o+=E):y.parser===void 0?s.toString("utf8",o,o+=E):y.parser.array===!0?y.parser(s.toString("utf8",o+1,o+=E)):y.parser(s.toString("utf8",o,o+=E)),f.isRaw?x[Q]=f.isRaw===!0?P:A.value.from?A.value.from(P,y):P:x[y.name]=A.value.from?A.value.from(P,y):P;f.forEachFn?f.forEachFn(A.row.from?A.row.from(x):x,O):O[B++]=A.row.from?A.row.from(x):x}function Yn(s){let[o,E]=s.toString("utf8",5,s.length-1).split(m.N);ce[o]=E,t.parameters[o]!==E&&(t.parameters[o]=E,q&&q(o,E))}function xn(s){if(f?V?f.retried?se(f.retried):f.prepared&&Xr.has(V.routine)?dr(f,V):se(V):f.resolve(he||O):V&&se(V),f=he=V=null,O=new me,L.cancel(),z){if(Z){if(!ce.in_hot_standby||!ce.default_transaction_read_only)return lr();if(ur(Z,ce))return ve()}if(ye)return z.reserve&&(z=null),or();z&&!z.reserve&&Ce(z),t.shared.retries=b=0,z=null;return}for(;S.length&&(f=S.shift())&&(f.active=!0,f.cancelled);)Tn(t).cancel(f.state,f.cancelled.resolve,f.cancelled.reject);f||(Y.reserved?!Y.reserved.release&&s[5]===73?v?ve():(Y.reserved=null,n(Y)):Y.reserved():v?ve():n(Y))}function Kn(s){B=0;for(let o=s.length-1;o>0;o--)if(s[o]===32&&s[o+1]<58&&O.count===null&&(O.count=+s.toString("utf8",o+1,s.length-1)),s[o-1]>=65){O.command=s.toString("utf8",5,o),O.state=ue;break}if(Ue&&(Ue(),Ue=null),O.command==="BEGIN"&&l!==1&&!Y.reserved)return se(H.generic("UNSAFE_TRANSACTION","Only use sql.begin, sql.reserved or max: 1"));if(f.options.simple)return zt();f.cursorFn&&(O.count&&f.cursorFn(O),G(Ee))}function Xn(){f.parsing=!1}function zt(){!O.statement&&(O.statement=f.statement),O.columns=f.statement.columns}function Jn(s){let o=s.readUInt16BE(5);for(let E=0;E<o;++E)!f.statement.types[E]&&(f.statement.types[E]=s.readUInt32BE(7+E*4));f.prepare&&(c[f.signature]=f.statement),f.describeFirst&&!f.onlyDescribe&&(G(ze(f)),f.describeFirst=!1)}function Qn(s){O.command&&(he=he||[O],he.push(O=new me),O.count=null,f.statement.columns=null);let o=s.readUInt16BE(5),E=7,y;f.statement.columns=Array(o);for(let P=0;P<o;++P){for(y=E;s[E++]!==0;);let x=s.readUInt32BE(E),Q=s.readUInt16BE(E+4),pe=s.readUInt32BE(E+6);f.statement.columns[P]={name:A.column.from?A.column.from(s.toString("utf8",y,E-1)):s.toString("utf8",y,E-1),parser:T[pe],table:x,number:Q,type:pe},E+=18}if(O.statement=f.statement,f.onlyDescribe)return f.resolve(f.statement),G(Ee)}async function Vn(s,o=s.readUInt32BE(5)){(o===3?Zn:o===5?er:o===10?tr:o===11?nr:o===12?rr:o!==0?Lr:Re)(s,o)}async function Zn(){let s=await lt();G(m().p().str(s).z(1).end())}async function er(s){let o="md5"+await wn(Buffer.concat([Buffer.from(await wn(await lt()+d)),s.subarray(9)]));G(m().p().str(o).z(1).end())}async function tr(){ot=(await Be.randomBytes(18)).toString("base64"),m().p().str("SCRAM-SHA-256"+m.N);let s=m.i;G(m.inc(4).str("n,,n=*,r="+ot).i32(m.i-s-4,s).end())}async function nr(s){let o=s.toString("utf8",9).split(",").reduce((Q,pe)=>(Q[pe[0]]=pe.slice(2),Q),{}),E=await Be.pbkdf2Sync(await lt(),Buffer.from(o.s,"base64"),parseInt(o.i),32,"sha256"),y=await tt(E,"Client Key"),P="n=*,r="+ot+",r="+o.r+",s="+o.s+",i="+o.i+",c=biws,r="+o.r;J=(await tt(await tt(E,"Server Key"),P)).toString("base64");let x="c=biws,r="+o.r+",p="+Vr(y,Buffer.from(await tt(await Qr(y),P))).toString("base64");G(m().p().str(x).end())}function rr(s){s.toString("utf8",9).split(m.N,1)[0].slice(2)!==J&&(se(H.generic("SASL_SIGNATURE_MISMATCH","The server did not return the correct signature")),p.destroy())}function lt(){return Promise.resolve(typeof t.pass=="function"?t.pass():t.pass)}function sr(){if(O.statement=f.statement,O.statement.columns=[],f.onlyDescribe)return f.resolve(f.statement),G(Ee)}function ir(s){ue.pid=s.readUInt32BE(5),ue.secret=s.readUInt32BE(9)}async function or(){ye=!1,(await new te([`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `],[],Ce)).forEach(({oid:o,typarray:E})=>ar(o,E))}function ar(s,o){if(t.parsers[o]&&t.serializers[o])return;let E=t.parsers[s];t.shared.typeArrayMap[s]=o,t.parsers[o]=y=>mn(y,E,o),t.parsers[o].array=!0,t.serializers[o]=y=>pn(y,t.serializers[s],t,o)}function ur(s,o){return s==="read-write"&&o.default_transaction_read_only==="on"||s==="read-only"&&o.default_transaction_read_only==="off"||s==="primary"&&o.in_hot_standby==="on"||s==="standby"&&o.in_hot_standby==="off"||s==="prefer-standby"&&o.in_hot_standby==="off"&&t.host[b]}function lr(){let s=new te([`
      show transaction_read_only;
      select pg_catalog.pg_is_in_recovery()
    `],[],Ce,null,{simple:!0});s.resolve=([[o],[E]])=>{ce.default_transaction_read_only=o.transaction_read_only,ce.in_hot_standby=E.pg_is_in_recovery?"on":"off"},s.execute()}function cr(s){f?((f.cursorFn||f.describeFirst)&&G(Ee),V=H.postgres(et(s))):se(H.postgres(et(s)))}function dr(s,o){delete c[s.signature],s.retried=o,Ce(s)}function fr(s){if(!_)return;let o=9;for(;s[o++]!==0;);_(s.toString("utf8",9,o-1),s.toString("utf8",o,s.length-1))}async function hr(){try{let s=await Promise.resolve(f.cursorFn(O));B=0,s===Oe?G(Rr(f.portal)):(O=new me,G(xt("",f.cursorRows)))}catch(s){G(Ee),f.reject(s)}}function pr(){O.count&&f.cursorFn(O),f.resolve(O)}function mr(){j=new St.Writable({autoDestroy:!0,write(s,o,E){p.write(m().d().raw(s).end(),E)},destroy(s,o){o(s),p.write(m().f().str(s+m.N).end()),j=null},final(s){p.write(m().c().end()),Ue=s,j=null}}),f.resolve(j)}function Er(){j=new St.Readable({read(){p.resume()}}),f.resolve(j)}function gr(){j=new St.Duplex({autoDestroy:!0,read(){p.resume()},write(s,o,E){p.write(m().d().raw(s).end(),E)},destroy(s,o){o(s),p.write(m().f().str(s+m.N).end()),j=null},final(s){p.write(m().c().end()),Ue=s}}),f.resolve(j)}function _r(s){j&&(j.push(s.subarray(5))||p.pause())}function Nr(){j&&j.push(null),j=null}function wr(s){k?k(et(s)):console.log(et(s))}function Tr(){}function Ar(){se(H.notSupported("FunctionCallResponse"))}function yr(){se(H.notSupported("NegotiateProtocolVersion"))}function Sr(s){console.error("Postgres.js : Unknown Message:",s[0])}function Lr(s,o){console.error("Postgres.js : Unknown Auth:",o)}function Or(s,o,E="",y=""){let P,x;return m().B().str(y+m.N).str(E+m.N).i16(0).i16(s.length),s.forEach((Q,pe)=>{if(Q===null)return m.i32(4294967295);x=o[pe],s[pe]=Q=x in t.serializers?t.serializers[x](Q):""+Q,P=m.i,m.inc(4).str(Q).i32(m.i-P-4,P)}),m.i16(0),m.end()}function Yt(s,o,E,y=""){return m().P().str(y+m.N).str(s+m.N).i16(o.length),o.forEach((P,x)=>m.i32(E[x]||0)),m.end()}function br(s,o=""){return m().D().str(s).str(o+m.N).end()}function xt(s="",o=0){return Buffer.concat([m().E().str(s+m.N).i32(o).end(),Nn])}function Rr(s=""){return Buffer.concat([m().C().str("P").str(s+m.N).end(),m().S().end()])}function Dr(){return le||m().inc(4).i16(3).z(2).str(Object.entries(Object.assign({user:d,database:R,client_encoding:"UTF8"},t.connection)).filter(([,s])=>s).map(([s,o])=>s+m.N+o).join(m.N)).z(2).end(0)}}function et(t){let e={},n=5;for(let r=5;r<t.length-1;r++)t[r]===0&&(e[Jr[t[n]]]=t.toString("utf8",n+1,r),n=r+1);return e}function wn(t){return Be.createHash("md5").update(t).digest("hex")}function tt(t,e){return Be.createHmac("sha256",t).update(e).digest()}function Qr(t){return Be.createHash("sha256").update(t).digest()}function Vr(t,e){let n=Math.max(t.length,e.length),r=Buffer.allocUnsafe(n);for(let i=0;i<n;i++)r[i]=t[i]^e[i];return r}function Lt(t,e){if(e=typeof e=="function"?e():e,!e)return{cancel:Re,start:Re};let n;return{cancel(){n&&(clearTimeout(n),n=null)},start(){n&&clearTimeout(n),n=setTimeout(r,e*1e3,arguments)}};function r(i){t.apply(null,i),n=null}}var An=()=>{};function bt(t,e){let n=new Map,r="postgresjs_"+Math.random().toString(36).slice(2),i={},a,u,l=!1,d=R.sql=t({...e,transform:{column:{},value:{},row:{}},max:1,fetch_types:!1,idle_timeout:null,max_lifetime:null,connection:{...e.connection,replication:"database"},onclose:async function(){l||(u=null,i.pid=i.secret=void 0,T(await A(d,r,e.publications)),n.forEach(_=>_.forEach(({onsubscribe:q})=>q())))},no_subscribe:!0}),g=d.end,h=d.close;return d.end=async()=>(l=!0,u&&await new Promise(_=>(u.once("close",_),u.end())),g()),d.close=async()=>(u&&await new Promise(_=>(u.once("close",_),u.end())),h()),R;async function R(_,q,U=An,ie=An){_=ts(_),a||(a=A(d,r,e.publications));let re={fn:q,onsubscribe:U},Z=n.has(_)?n.get(_).add(re):n.set(_,new Set([re])).get(_),S=()=>{Z.delete(re),Z.size===0&&n.delete(_)};return a.then(fe=>(T(fe),U(),u&&u.on("error",ie),{unsubscribe:S,state:i,sql:d}))}function T(_){u=_.stream,i.pid=_.state.pid,i.secret=_.state.secret}async function A(_,q,U){if(!U)throw new Error("Missing publication names");let ie=await _.unsafe(`CREATE_REPLICATION_SLOT ${q} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`),[re]=ie,Z=await _.unsafe(`START_REPLICATION SLOT ${q} LOGICAL ${re.consistent_point} (proto_version '1', publication_names '${U}')`).writable(),S={lsn:Buffer.concat(re.consistent_point.split("/").map(L=>Buffer.from(("00000000"+L).slice(-8),"hex")))};return Z.on("data",ue),Z.on("error",fe),Z.on("close",_.close),{stream:Z,state:ie.state};function fe(L){console.error("Unexpected error during logical streaming - reconnecting",L)}function ue(L){L[0]===119?es(L.subarray(25),S,_.options.parsers,Ae,e.transform):L[0]===107&&L[17]&&(S.lsn=L.subarray(1,9),ge())}function Ae(L,p){let le=p.relation.schema+"."+p.relation.table;k("*",L,p),k("*:"+le,L,p),p.relation.keys.length&&k("*:"+le+"="+p.relation.keys.map(V=>L[V.name]),L,p),k(p.command,L,p),k(p.command+":"+le,L,p),p.relation.keys.length&&k(p.command+":"+le+"="+p.relation.keys.map(V=>L[V.name]),L,p)}function ge(){let L=Buffer.alloc(34);L[0]=114,L.fill(S.lsn,1),L.writeBigInt64BE(BigInt(Date.now()-Date.UTC(2e3,0,1))*BigInt(1e3),25),Z.write(L)}}function k(_,q,U){n.has(_)&&n.get(_).forEach(({fn:ie})=>ie(q,U,_))}}function Zr(t){return new Date(Date.UTC(2e3,0,1)+Number(t/BigInt(1e3)))}function es(t,e,n,r,i){let a=(u,[l,d])=>(u[l.charCodeAt(0)]=d,u);Object.entries({R:u=>{let l=1,d=e[u.readUInt32BE(l)]={schema:u.toString("utf8",l+=4,l=u.indexOf(0,l))||"pg_catalog",table:u.toString("utf8",l+1,l=u.indexOf(0,l+1)),columns:Array(u.readUInt16BE(l+=2)),keys:[]};l+=2;let g=0,h;for(;l<u.length;)h=d.columns[g++]={key:u[l++],name:i.column.from?i.column.from(u.toString("utf8",l,l=u.indexOf(0,l))):u.toString("utf8",l,l=u.indexOf(0,l)),type:u.readUInt32BE(l+=1),parser:n[u.readUInt32BE(l)],atttypmod:u.readUInt32BE(l+=4)},h.key&&d.keys.push(h),l+=4},Y:()=>{},O:()=>{},B:u=>{e.date=Zr(u.readBigInt64BE(9)),e.lsn=u.subarray(1,9)},I:u=>{let l=1,d=e[u.readUInt32BE(l)],{row:g}=nt(u,d.columns,l+=7,i);r(g,{command:"insert",relation:d})},D:u=>{let l=1,d=e[u.readUInt32BE(l)];l+=4;let g=u[l]===75;r(g||u[l]===79?nt(u,d.columns,l+=3,i).row:null,{command:"delete",relation:d,key:g})},U:u=>{let l=1,d=e[u.readUInt32BE(l)];l+=4;let g=u[l]===75,h=g||u[l]===79?nt(u,d.columns,l+=3,i):null;h&&(l=h.i);let{row:R}=nt(u,d.columns,l+3,i);r(R,{command:"update",relation:d,key:g,old:h&&h.row})},T:()=>{},C:()=>{}}).reduce(a,{})[t[0]](t)}function nt(t,e,n,r){let i,a,u,l=r.raw?new Array(e.length):{};for(let d=0;d<e.length;d++)i=t[n++],a=e[d],u=i===110?null:i===117?void 0:a.parser===void 0?t.toString("utf8",n+4,n+=4+t.readUInt32BE(n)):a.parser.array===!0?a.parser(t.toString("utf8",n+5,n+=4+t.readUInt32BE(n))):a.parser(t.toString("utf8",n+4,n+=4+t.readUInt32BE(n))),r.raw?l[d]=r.raw===!0?u:r.value.from?r.value.from(u,a):u:l[a.name]=r.value.from?r.value.from(u,a):u;return{i:n,row:r.row.from?r.row.from(l):l}}function ts(t){let e=t.match(/^(\*|insert|update|delete)?:?([^.]+?\.?[^=]+)?=?(.+)?/i)||[];if(!e)throw new Error("Malformed subscribe pattern: "+t);let[,n,r,i]=e;return(n||"*")+(r?":"+(r.indexOf(".")===-1?"public."+r:r):"")+(i?"="+i:"")}import yn from"node:stream";function Rt(t,e,n=393216){return new Promise(async(r,i)=>{await t.begin(async a=>{let u;!e&&([{oid:e}]=await a`select lo_creat(-1) as oid`);let[{fd:l}]=await a`select lo_open(${e}, ${n}) as fd`,d={writable:h,readable:g,close:()=>a`select lo_close(${l})`.then(u),tell:()=>a`select lo_tell64(${l})`,read:R=>a`select loread(${l}, ${R}) as data`,write:R=>a`select lowrite(${l}, ${R})`,truncate:R=>a`select lo_truncate64(${l}, ${R})`,seek:(R,T=0)=>a`select lo_lseek64(${l}, ${R}, ${T})`,size:()=>a`
          select
            lo_lseek64(${l}, location, 0) as position,
            seek.size
          from (
            select
              lo_lseek64($1, 0, 2) as size,
              tell.location
            from (select lo_tell64($1) as location) tell
          ) seek
        `};return r(d),new Promise(async R=>u=R);async function g({highWaterMark:R=2048*8,start:T=0,end:A=1/0}={}){let k=A-T;return T&&await d.seek(T),new yn.Readable({highWaterMark:R,async read(_){let q=_>k?_-k:_;k-=_;let[{data:U}]=await d.read(q);this.push(U),U.length<_&&this.push(null)}})}async function h({highWaterMark:R=2048*8,start:T=0}={}){return T&&await d.seek(T),new yn.Writable({highWaterMark:R,write(A,k,_){d.write(A).then(()=>_(),_)}})}}).catch(i)})}Object.assign(rt,{PostgresError:_e,toPascal:we,pascal:At,toCamel:Ne,camel:Tt,toKebab:Te,kebab:yt,fromPascal:He,fromCamel:Pe,fromKebab:We,BigInt:{to:20,from:[20],parse:t=>BigInt(t),serialize:t=>t.toString()}});var Dt=rt;function rt(t,e){let n=ss(t,e),r=n.no_subscribe||bt(rt,{...n}),i=!1,a=ne(),u=ne(),l=ne(),d=ne(),g=ne(),h=ne(),R=ne(),T=ne(),A={connecting:u,reserved:l,closed:d,ended:g,open:h,busy:R,full:T},k=[...Array(n.max)].map(()=>Ot(n,A,{onopen:ye,onend:X,onclose:ce})),_=q(Ae);return Object.assign(_,{get parameters(){return n.parameters},largeObject:Rt.bind(null,_),subscribe:r,CLOSE:Oe,END:Oe,PostgresError:_e,options:n,reserve:re,listen:U,begin:Z,close:le,end:p}),_;function q(c){return c.debug=n.debug,Object.entries(n.types).reduce((w,[b,$])=>(w[b]=M=>new oe(M,$.to),w),N),Object.assign(C,{types:N,typed:N,unsafe:W,notify:ie,array:ue,json:fe,file:F}),C;function N(w,b){return new oe(w,b)}function C(w,...b){return w&&Array.isArray(w.raw)?new te(w,b,c,L):typeof w=="string"&&!b.length?new be(n.transform.column.to?n.transform.column.to(w):w):new Fe(w,b)}function W(w,b=[],$={}){return arguments.length===2&&!Array.isArray(b)&&($=b,b=[]),new te([w],b,c,L,{prepare:!1,...$,simple:"simple"in $?$.simple:b.length===0})}function F(w,b=[],$={}){return arguments.length===2&&!Array.isArray(b)&&($=b,b=[]),new te([],b,B=>{rs.readFile(w,"utf8",(J,I)=>{if(J)return B.reject(J);B.strings=[I],c(B)})},L,{...$,simple:"simple"in $?$.simple:b.length===0})}}async function U(c,N,C){let W={fn:N,onlisten:C},F=U.sql||(U.sql=rt({...n,max:1,idle_timeout:null,max_lifetime:null,fetch_types:!1,onclose(){Object.entries(U.channels).forEach(([B,{listeners:J}])=>{delete U.channels[B],Promise.all(J.map(I=>U(B,I.fn,I.onlisten).catch(()=>{})))})},onnotify(B,J){B in U.channels&&U.channels[B].listeners.forEach(I=>I.fn(J))}})),w=U.channels||(U.channels={});if(c in w){w[c].listeners.push(W);let B=await w[c].result;return W.onlisten&&W.onlisten(),{state:B.state,unlisten:M}}w[c]={result:F`listen ${F.unsafe('"'+c.replace(/"/g,'""')+'"')}`,listeners:[W]};let $=await w[c].result;return W.onlisten&&W.onlisten(),{state:$.state,unlisten:M};async function M(){if(c in w&&(w[c].listeners=w[c].listeners.filter(B=>B!==W),!w[c].listeners.length))return delete w[c],F`unlisten ${F.unsafe('"'+c.replace(/"/g,'""')+'"')}`}}async function ie(c,N){return await _`select pg_notify(${c}, ${""+N})`}async function re(){let c=ne(),N=h.length?h.shift():await new Promise((F,w)=>{let b={reserve:F,reject:w};a.push(b),d.length&&O(d.shift(),b)});S(N,l),N.reserved=()=>c.length?N.execute(c.shift()):S(N,l),N.reserved.release=!0;let C=q(W);return C.release=()=>{N.reserved=null,ye(N)},C;function W(F){N.queue===T?c.push(F):N.execute(F)||S(N,T)}}async function Z(c,N){!N&&(N=c,c="");let C=ne(),W=0,F,w=null;try{return await _.unsafe("begin "+c.replace(/[^a-z ]/ig,""),[],{onexecute:$}).execute(),await Promise.race([b(F,N),new Promise((M,B)=>F.onclose=B)])}catch(M){throw M}async function b(M,B,J){let I=q(z);I.savepoint=he,I.prepare=v=>w=v.replace(/[^a-z0-9$-_. ]/gi);let de,ae;J&&await I`savepoint ${I(J)}`;try{if(ae=await new Promise((v,j)=>{let ee=B(I);Promise.resolve(Array.isArray(ee)?Promise.all(ee):ee).then(v,j)}),de)throw de}catch(v){throw await(J?I`rollback to ${I(J)}`:I`rollback`),v instanceof _e&&v.code==="25P02"&&de||v}return J||(w?await I`prepare transaction '${I.unsafe(w)}'`:await I`commit`),ae;function he(v,j){return v&&Array.isArray(v.raw)?he(ee=>ee.apply(ee,arguments)):(arguments.length===1&&(j=v,v=null),b(M,j,"s"+W+++(v?"_"+v:"")))}function z(v){v.catch(j=>de||(de=j)),M.queue===T?C.push(v):M.execute(v)||S(M,T)}}function $(M){F=M,S(M,l),M.reserved=()=>C.length?M.execute(C.shift()):S(M,l)}}function S(c,N){return c.queue.remove(c),N.push(c),c.queue=N,N===h?c.idleTimer.start():c.idleTimer.cancel(),c}function fe(c){return new oe(c,3802)}function ue(c,N){return Array.isArray(c)?new oe(c,N||(c.length?Je(c)||25:0),n.shared.typeArrayMap):ue(Array.from(arguments))}function Ae(c){if(i)return c.reject(H.connection("CONNECTION_ENDED",n,n));if(h.length)return ge(h.shift(),c);if(d.length)return O(d.shift(),c);R.length?ge(R.shift(),c):a.push(c)}function ge(c,N){return c.execute(N)?S(c,R):S(c,T)}function L(c){return new Promise((N,C)=>{c.state?c.active?Ot(n).cancel(c.state,N,C):c.cancelled={resolve:N,reject:C}:(a.remove(c),c.cancelled=!0,c.reject(H.generic("57014","canceling statement due to user request")),N())})}async function p({timeout:c=null}={}){if(i)return i;await 1;let N;return i=Promise.race([new Promise(C=>c!==null&&(N=setTimeout(V,c*1e3,C))),Promise.all(k.map(C=>C.end()).concat(U.sql?U.sql.end({timeout:0}):[],r.sql?r.sql.end({timeout:0}):[]))]).then(()=>clearTimeout(N))}async function le(){await Promise.all(k.map(c=>c.end()))}async function V(c){for(await Promise.all(k.map(N=>N.terminate()));a.length;)a.shift().reject(H.connection("CONNECTION_DESTROYED",n));c()}function O(c,N){return S(c,u),c.connect(N),c}function X(c){S(c,g)}function ye(c){if(a.length===0)return S(c,h);let N=Math.ceil(a.length/(u.length+1)),C=!0;for(;C&&a.length&&N-- >0;){let W=a.shift();if(W.reserve)return W.reserve(c);C=c.execute(W)}C?S(c,R):S(c,T)}function ce(c,N){S(c,d),c.reserved=null,c.onclose&&(c.onclose(N),c.onclose=null),n.onclose&&n.onclose(c.id),a.length&&O(c,a.shift())}}function ss(t,e){if(t&&t.shared)return t;let n=process.env,r=(!t||typeof t=="string"?e:t)||{},{url:i,multihost:a}=ls(t),u=[...i.searchParams].reduce((T,[A,k])=>(T[A]=k,T),{}),l=r.hostname||r.host||a||i.hostname||n.PGHOST||"localhost",d=r.port||i.port||n.PGPORT||5432,g=r.user||r.username||i.username||n.PGUSERNAME||n.PGUSER||cs();r.no_prepare&&(r.prepare=!1),u.sslmode&&(u.ssl=u.sslmode,delete u.sslmode),"timeout"in r&&(console.log("The timeout option is deprecated, use idle_timeout instead"),r.idle_timeout=r.timeout),u.sslrootcert==="system"&&(u.ssl="verify-full");let h=["idle_timeout","connect_timeout","max_lifetime","max_pipeline","backoff","keep_alive"],R={max:globalThis.Cloudflare?3:10,ssl:!1,sslnegotiation:null,idle_timeout:null,connect_timeout:30,max_lifetime:as,max_pipeline:100,backoff:os,keep_alive:60,prepare:!0,debug:!1,fetch_types:!0,publications:"alltables",target_session_attrs:null};return{host:Array.isArray(l)?l:l.split(",").map(T=>T.split(":")[0]),port:Array.isArray(d)?d:l.split(",").map(T=>parseInt(T.split(":")[1]||d)),path:r.path||l.indexOf("/")>-1&&l+"/.s.PGSQL."+d,database:r.database||r.db||(i.pathname||"").slice(1)||n.PGDATABASE||g,user:g,pass:r.pass||r.password||i.password||n.PGPASSWORD||"",...Object.entries(R).reduce((T,[A,k])=>{let _=A in r?r[A]:A in u?u[A]==="disable"||u[A]==="false"?!1:u[A]:n["PG"+A.toUpperCase()]||k;return T[A]=typeof _=="string"&&h.includes(A)?+_:_,T},{}),connection:{application_name:n.PGAPPNAME||"postgres.js",...r.connection,...Object.entries(u).reduce((T,[A,k])=>(A in R||(T[A]=k),T),{})},types:r.types||{},target_session_attrs:is(r,i,n),onnotice:r.onnotice,onnotify:r.onnotify,onclose:r.onclose,onparameter:r.onparameter,socket:r.socket,transform:us(r.transform||{undefined:void 0}),parameters:{},shared:{retries:0,typeArrayMap:{}},...fn(r.types)}}function is(t,e,n){let r=t.target_session_attrs||e.searchParams.get("target_session_attrs")||n.PGTARGETSESSIONATTRS;if(!r||["read-write","read-only","primary","standby","prefer-standby"].includes(r))return r;throw new Error("target_session_attrs "+r+" is not supported")}function os(t){return(.5+Math.random()/2)*Math.min(3**t/100,20)}function as(){return 60*(30+Math.random()*30)}function us(t){return{undefined:t.undefined,column:{from:typeof t.column=="function"?t.column:t.column&&t.column.from,to:t.column&&t.column.to},value:{from:typeof t.value=="function"?t.value:t.value&&t.value.from,to:t.value&&t.value.to},row:{from:typeof t.row=="function"?t.row:t.row&&t.row.from,to:t.row&&t.row.to}}}function ls(t){if(!t||typeof t!="string")return{url:{searchParams:new Map}};let e=t;e=e.slice(e.indexOf("://")+3).split(/[?/]/)[0],e=decodeURIComponent(e.slice(e.indexOf("@")+1));let n=new URL(t.replace(e,e.split(",")[0]));return{url:{username:decodeURIComponent(n.username),password:decodeURIComponent(n.password),host:n.host,hostname:n.hostname,port:n.port,pathname:n.pathname,searchParams:n.searchParams},multihost:e.indexOf(",")>-1&&e}}function cs(){try{return ns.userInfo().username}catch{return process.env.USERNAME||process.env.USER||process.env.LOGNAME}}var Sn=!1;function Ln(){Sn||(Sn=!0,globalThis.addEventListener("error",t=>{ds(t.error)&&t.preventDefault()}))}function ds(t){if(!(t instanceof TypeError))return!1;let e=t.stack??"";return/^Cannot read properties of null \(reading 'write'\)$/.test(t.message)?/nextWrite/.test(e)&&/postgres[@/\\].*connection\.js/.test(e)||/\bImmediate\./.test(e):!1}var On=/\\u(?:0000|d[89a-f])/;function De(t){let e=JSON.stringify(t);return On.test(e)?JSON.stringify(t,Rn):e}function bn(t){return On.test(t)?JSON.stringify(JSON.parse(t),Rn):t}function Rn(t,e){return typeof e=="string"?e.replaceAll("\0","\uFFFD").toWellFormed():e}var Ie="corun_jobs",Ut="corun_pauses";function Un(t,e={}){return Ln(),Dt(t,{max:e.max??4,onnotice:n=>{n.severity==="WARNING"&&e.onNotice?.(String(n.message))},connection:{application_name:"corun"},connect_timeout:Zt(t),backoff:hs,fetch_types:!1,types:{bigint:{to:20,from:[20],serialize:n=>String(n),parse:n=>Number(n)},bigintArray:Dn(1016,n=>`{${n.join(",")}}`),textArray:Dn(1009,fs)}})}function Dn(t,e){return{to:t,from:[],serialize:e,parse:n=>n}}function fs(t){return`{${t.map(e=>`"${e.replace(/[\\"]/g,"\\$&")}"`).join(",")}}`}function hs(t){return(.5+Math.random()/2)*Math.min(.05*2**t,1)}var It=class t{sql;url;#e=-1/0;#n;constructor(e,n,r=!1){this.sql=e,this.url=n,this.#n=r}async transaction(e){return this.#n?await e(this):await this.sql.begin(n=>e(new t(n,this.url,!0)))}#a(e){return this.#n?e(this.sql):this.sql.begin(n=>e(n))}static async connect(e,n={}){let r=Un(e,n);try{await dt(r)}catch(i){throw await r.end({timeout:1}),i}return new t(r,e)}async close(){await this.sql.end({timeout:1})}async saveOriginRules(e,n){if(n.length===0)return;let r=n.map(i=>jt(e,i));await this.sql`
      INSERT INTO corun_origins ${this.sql(r)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`}async insertJobs(e,n,r,i){if(n.length===0)return[];let a=r===void 0?[]:[...new Set(n.map(u=>u.origin))].map(r);return await this.#a(async u=>{let l=await In(u,e,n,a,i);return n.some(d=>d.reservedFor===void 0)&&await u`SELECT pg_notify(${Ie}, ${e})`,l})}async claim(e,n,r,i,a){(performance.now()-this.#e>1e3||a!==void 0)&&(this.#e=performance.now(),await this.reapExpiredLeases(e));let u=await this.sql`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        coalesce(corun_paced(o.gap_ms, o.jitter_ms), true) AS paced,
        coalesce(o.gap_ms, 0) AS "gapMs", coalesce(o.jitter_ms, 0) AS "jitterMs"
      FROM corun_claim(${e}, ${n}, ${r}, ${i}, ${a?.id??null}::bigint,
        ${a?.nested??!1}) c
      LEFT JOIN corun_origins o ON o.queue = ${e} AND o.origin = c.origin`,l=a!==void 0;return u.map(d=>({...d,reserved:l})).sort((d,g)=>d.id-g.id)}async takeTurn(e,n,r){let[i]=await this.sql`
      WITH turn AS (
        UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
        WHERE queue = ${e} AND origin = ${n} AND next_start_at <= now()
          AND paused_until <= now()
        RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM turn) AS granted,
        (SELECT (extract(epoch FROM greatest(next_start_at, paused_until, now()) - now()) * 1000)
          ::float8
          FROM corun_origins WHERE queue = ${e} AND origin = ${n}) AS wait_ms`;return i.granted?0:i.wait_ms===null?r===void 0?0:(await this.sql`
        INSERT INTO corun_origins ${this.sql(jt(e,r))}
        ON CONFLICT (queue, origin) DO NOTHING`,await this.takeTurn(e,n)):Math.max(1,i.wait_ms)}async reapExpiredLeases(e){let n=await this.sql`
      DELETE FROM corun_jobs j
      WHERE j.queue = ${e} AND j.reserved_for IS NOT NULL AND ${Ct(this.sql)}
      RETURNING j.id`,r=await this.sql`
      UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
        last_error = CASE WHEN j.lease_until < now()
          THEN 'the lease of worker ' || j.lease_owner || ' expired'
          ELSE 'worker ' || j.lease_owner || ' stopped' END
      WHERE j.queue = ${e} AND j.state = 'leased' AND j.reserved_for IS NULL
        AND ${st(this.sql)}
      RETURNING j.id`,i=n.length+r.length;return i>0&&await this.sql`SELECT pg_notify(${Ie}, ${e})`,i}async reservedWaitMs(e,n){let[r]=await this.sql`
      SELECT greatest(0, extract(epoch FROM
          greatest(j.not_before, o.next_start_at, o.paused_until) - now()) * 1000)::float8 AS wait_ms
      FROM corun_jobs j
      LEFT JOIN corun_origins o ON o.queue = j.queue AND o.origin = j.origin
      WHERE j.id = ${n} AND j.reserved_for = ${e} AND j.state IN ('queued', 'leased')`;return r?.wait_ms}async report(e,n,r){await this.#a(async i=>{if(r.links.length>0){let d=new Map;for(let{job:g,rule:h}of r.links)d.has(g.origin)||d.set(g.origin,h);await In(i,e,r.links.map(g=>g.job),[...d.values()],void 0)}if(r.pauses.length>0){let d=r.pauses.map(g=>({origin:g.origin,for_ms:g.forMs}));await i`
          WITH p AS (
            SELECT origin, max(for_ms) AS for_ms
            FROM jsonb_to_recordset(${De(d)}::text::jsonb)
              AS r(origin text, for_ms float8)
            GROUP BY origin),
          paused AS (
            UPDATE corun_origins o SET paused_until =
              greatest(o.paused_until, now() + p.for_ms * interval '1 millisecond')
            FROM p WHERE o.queue = ${e} AND o.origin = p.origin
            RETURNING o.origin, o.paused_until)
          SELECT pg_notify(${Ut}, json_build_object('queue', ${e}::text,
            'origin', origin, 'ms', extract(epoch FROM paused_until - now()) * 1000)::text)
          FROM paused`}let a=await jn(i,n,"done",r.done),u=await jn(i,n,"skipped",r.leftOut),l=0;if(r.failed.length>0&&(l=kn(await i`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${De(r.failed)}::text::jsonb)
            AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${n}
          RETURNING j.reserved_for IS NULL AS mine`)),r.retries.length>0){let d=r.retries.map(g=>({id:g.id,delay_ms:g.delayMs,payload:g.payload}));await i`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${De(d)}::text::jsonb)
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
        WHERE id = ${n}`,await i`SELECT pg_notify(${Ie}, ${e})`})}async releaseUnknown(e,n,r){return(await this.sql`
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
      VALUES (${e}, ${n}, ${r}, ${i}, ${Math.ceil(a)})`}async stopWorker(e){await this.#a(async n=>{await n`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${e}`;let r=await n`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${e} AND state = 'leased'
        RETURNING queue`;for(let i of new Set(r.map(a=>a.queue)))await n`SELECT pg_notify(${Ie}, ${i})`})}async insertResults(e,n,r){r.length!==0&&await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${e}, ${n}, line::jsonb
      FROM unnest(${r.map(bn)}::text[]) AS t(line)`}async claimFire(e,n,r,i,a){return(await this.sql`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${e}, ${n}, ${r}, ${i}, ${a})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`)[0]?.id}async setFireJobs(e,n){await this.sql`UPDATE corun_fires SET jobs = ${n} WHERE id = ${e}`}async lastFire(e,n){let[r]=await this.sql`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${e} AND f.schedule = ${n} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;return r===void 0?void 0:{fireAt:r.fire_at,open:r.open}}async lastFiredAt(e,n){let[r]=await this.sql`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${e} AND schedule = ${n}`;return r?.at??void 0}};async function In(t,e,n,r,i){if(r.length>0){let d=r.map(g=>jt(e,g)).sort((g,h)=>g.origin<h.origin?-1:g.origin>h.origin?1:0);await t`INSERT INTO corun_origins ${t(d)} ON CONFLICT (queue, origin) DO NOTHING`}let a=n.filter(d=>d.parent!==void 0),u=a.length===0?n:n.filter(d=>d.parent===void 0);return[...await ps(t,e,u,i),...await ms(t,e,a)].sort((d,g)=>d-g)}function Cn(t,e,n){return{queue:t,task:e.task,origin:e.origin,url:e.url,payload:e.payload,delay_ms:e.delayMs??0,fire_id:n??null,reserved_for:e.reservedFor??null,parent:e.parent??null}}async function ps(t,e,n,r){return n.length===0?[]:(await t`
    INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for,
      crawl)
    SELECT queue, task, origin, url, payload, now() + delay_ms * interval '1 millisecond', fire_id,
      reserved_for, txid_current()
    FROM jsonb_to_recordset(${De(n.map(a=>Cn(e,a,r)))}
      ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
      delay_ms float8, fire_id bigint, reserved_for text)
    RETURNING id`).map(a=>a.id)}async function ms(t,e,n){return n.length===0?[]:(await t`
    WITH given AS MATERIALIZED (
      SELECT r.*, nextval('corun_jobs_id_seq') AS id
      FROM jsonb_to_recordset(${De(n.map(i=>Cn(e,i,void 0)))}
        ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
        delay_ms float8, reserved_for text, parent bigint))
    INSERT INTO corun_jobs (id, queue, task, origin, url, payload, not_before, fire_id,
      reserved_for, crawl, linked_from)
    SELECT g.id, g.queue, g.task, g.origin, g.url, g.payload,
      now() + g.delay_ms * interval '1 millisecond', p.fire_id, g.reserved_for,
      CASE WHEN p.id IS NULL THEN txid_current() ELSE coalesce(p.crawl, p.id) END, p.id
    FROM given g LEFT JOIN corun_jobs p ON p.id = g.parent
    ORDER BY 10, md5(g.url)
    ON CONFLICT (crawl, md5(url)) WHERE linked_from IS NOT NULL DO NOTHING
    RETURNING id`).map(i=>i.id)}function st(t){return t`(j.lease_until < now() OR EXISTS (SELECT 1 FROM corun_workers w
    WHERE w.id = j.lease_owner AND w.stopped_at IS NOT NULL))`}function Ct(t){return t`(j.state IN ('queued', 'leased')
    AND ((j.state = 'leased' AND j.lease_until < now()) OR corun_owner_gone(j.reserved_for)))`}async function jn(t,e,n,r){return r.length===0?0:kn(await t`
    UPDATE corun_jobs SET state = ${n}, finished_at = now(), lease_owner = ${e},
      lease_until = NULL
    WHERE id = ANY(${r}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${e}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`)}function kn(t){return t.filter(e=>e.mine).length}function jt(t,e){return{queue:t,origin:e.origin,per_host:e.perHost,gap_ms:Math.round(e.gapMs),jitter_ms:Math.round(e.jitterMs)}}var Es=20,it=[250,500,1e3,2e3,5e3,1e4,3e4],$t=class{#e;#n;#a;#d;#s=[];#i=new Map;#r=new Set;#o=new Map;#m=new Map;#E=[];#c=!1;#g;#y;#j;#t=qe();#S=qe();#h;#p;#U=!1;#_;#M=!1;#F=new Set;#C=0;#L=new Set;#P;#H;#l=!1;#N=!1;#W=0;#w;constructor(e){this.#e=e,this.#n=e.store,this.#a=e.leaseMs??3e4,this.#d=e.idleMs??2e3,this.#j=Math.ceil(e.concurrency/4)}async start(){let e=await this.#n.sql.listen(Ie,r=>{r===this.#e.queue&&this.#A()}),n=await this.#n.sql.listen(Ut,r=>this.#oe(r));this.#P=async()=>{await e.unlisten(),await n.unlisten()},this.#H=setInterval(()=>{this.#n.heartbeat(this.#e.worker,this.#a,this.#R()).catch(r=>{$e(r)?this.#I("extend its leases",r):this.#O(this.#D("extend its leases",r))})},Math.max(100,Math.floor(this.#a/3)))}async shutdown(){this.#l=!0,this.#N=!0,this.#V(),clearInterval(this.#H),await this.#g;for(let e of this.#s.splice(0))this.#t.released.push(e.id);this.#i.clear();for(let e of this.#r)this.#z(e);this.#r.clear();try{if(!await this.#Z())throw this.#de()}finally{await this.#P?.().catch(()=>{})}}get reportRefused(){return this.#_!==void 0}#O(e){this.#y??=e,this.interrupt()}interrupt(){this.#l=!0,this.#V()}put(e){return this.#t.links.push({job:this.#B(e,void 0),rule:this.#q(e)}),this.#u(),Jt(void 0)}*#ee(e,n){let[r]=yield*this.#f("put a job",()=>this.#n.insertJobs(this.#e.queue,[this.#B(e,n)],()=>this.#q(e)));return r}#B(e,n){return{task:e.task,origin:e.origin,url:$n(e.payload),payload:this.#e.codec.encode(e.payload),delayMs:e.delayMs,reservedFor:n,parent:n===void 0?e.parent:void 0}}#q(e){return{origin:e.origin,...this.#e.rules(e.origin,e.task)}}*take(){for(;;){if(this.#y!==void 0)throw this.#M=!0,this.#y;if(this.#l)return null;let e=this.#s.shift();if(e!==void 0){if(this.#r.add(e.id),this.#s.length<this.#j&&this.#ue(),yield*this.#te(e))return e;continue}if(this.#N)return null;if(this.#c){let n=new Vt("queued",r=>Qt(this.#E,r));this.#E.push(n),yield*n.wait();continue}this.#c=!0;try{yield*this.#ae()}finally{this.#c=!1,this.#J()}}}*#te(e){let n=this.#i.get(e.id);if(this.#i.delete(e.id),n===void 0||performance.now()-n.claimedAtMs<=n.graceMs)return!0;let r=!1;try{return r=yield*this.#ne(e.origin,n),r}finally{r||this.#re(e.id)}}*#ne(e,n){let r=()=>this.#n.takeTurn(this.#e.queue,e),i=yield*this.#f("take an origin's turn",r);return i>0&&i<=2*n.turnMs&&(yield*this.#k(i),this.#l||(i=yield*this.#f("take an origin's turn",r))),i===0&&!this.#l}#re(e){this.#r.delete(e)&&(this.#t.released.push(e),this.#u())}*acquire(e,n){let r=yield*this.#ee(e,this.#e.worker);return this.#o.set(r,{origin:e.origin,url:$n(e.payload)}),yield*this.#G(r,n)}*turnAt(e,n){for(;!this.#l;){let r=this.#b(e),i=r>0?r:yield*this.#f("take an origin's turn",()=>this.#n.takeTurn(this.#e.queue,e,{origin:e,...this.#e.rules(e,n)}));if(i===0)return;yield*this.#k(i)}}*again(e,n,r){if(!this.#r.has(e))throw new TypeError(`Cannot go again: job ${e} is not held`);return this.retryAfter(e,n),yield*this.#G(e,r)}*#G(e,n){let{queue:r,worker:i}=this.#e,a=this.#o.get(e),u;try{for(;;){let l=a===void 0?0:this.#b(a.origin);if(l>0){yield*this.#T(l);continue}let[d]=yield*this.#f("claim a job",()=>this.#n.claim(r,i,1,this.#a,{id:e,nested:n}),()=>this.#n.releaseUnknown(i,this.#R(),e));if(d===void 0){yield*this.#se(e,a?.url);continue}let g=this.#Q(d);if("problem"in g)throw this.#o.delete(e),new Error(`Cannot fetch ${d.url||`job ${e}`}: ${g.problem}`);if(this.#b(g.origin)>0){this.#t.released.push(e),this.#u();continue}return u=g,this.#r.add(u.id),u}}finally{u===void 0&&this.#o.has(e)&&this.#ie(e)}}*#se(e,n){let r=yield*this.#f("look for a job",()=>this.#n.reservedWaitMs(this.#e.worker,e));if(r===void 0)throw this.#o.delete(e),new Error(`Cannot fetch ${n||`job ${e}`}: its job left the queue (this worker did not reach the database for longer than its lease, and was taken for gone)`);yield*r<=0?this.#T(50):this.#k(r)}*#k(e){this.#l||(yield*Mn(e,this.#L,"waiting for its time"))}#ie(e){this.#o.delete(e),this.#t.dropped.push(e),this.#u()}#z(e){this.#o.delete(e)?this.#t.dropped.push(e):this.#t.released.push(e)}done(e){this.#Y(e,this.#t.done)}leftOut(e){this.#Y(e,this.#t.leftOut)}#Y(e,n){this.#r.delete(e)&&(this.#o.delete(e),n.push(e),this.#u(),this.#A())}failed(e,n){this.#r.delete(e)&&(this.#l?this.#z(e):(this.#o.delete(e),this.#t.failed.push({id:e,error:n??"failed"})),this.#u(),this.#A())}retryAfter(e,n,r){this.#r.delete(e)&&(this.#t.retries.push({id:e,delayMs:n,payload:r===void 0?null:this.#e.codec.encode(r)}),this.#u(),this.#A())}pauseOrigin(e,n){this.#t.pauses.push({origin:e,forMs:n}),this.#x(e,n),this.#u()}#oe(e){let n;try{n=JSON.parse(e)}catch{return}n.queue!==this.#e.queue||typeof n.origin!="string"||typeof n.ms=="number"&&n.ms>0&&this.#x(n.origin,n.ms)}#x(e,n){let r=performance.now()+n;r>(this.#m.get(e)??0)&&this.#m.set(e,r);let i=this.#s.filter(a=>a.origin!==e);if(i.length!==this.#s.length){for(let a of this.#s)a.origin===e&&(this.#t.released.push(a.id),this.#i.delete(a.id));this.#s.splice(0,this.#s.length,...i),this.#u()}}#b(e){let n=this.#m.get(e);if(n===void 0)return 0;let r=n-performance.now();return r>0?r:(this.#m.delete(e),0)}close(){}get refused(){return this.#W}counts(){return{queued:this.#s.length,leased:this.#r.size}}*#ae(){if(this.#l){this.#N=!0;return}let e=this.#K();if(e<=0){yield*this.#T(this.#d);return}let n=this.#C,r=yield*this.#f("claim jobs",()=>this.#n.claim(this.#e.queue,this.#e.worker,e,this.#a),()=>this.#n.releaseUnknown(this.#e.worker,this.#R()));if(this.#X(r),this.#s.length>0||!(yield*xe(()=>this.#Z(),"report to the database")))return;let i=yield*this.#f("count open jobs",()=>this.#n.openWork(this.#e.queue));if(this.#e.drain&&!i.queued&&!i.leased&&this.#r.size===0){this.#N=!0;return}if(this.#C!==n)return;let a=i.nextDueMs??this.#d;yield*this.#T(Math.min(this.#d,a<=0?50:Math.max(5,a)))}#K(){return this.#e.concurrency+this.#j-this.#r.size-this.#s.length}#ue(){let e=this.#K();if(this.#c||this.#l||e<=0)return;this.#c=!0;let{queue:n,worker:r}=this.#e;this.#g=this.#n.claim(n,r,e,this.#a).then(i=>{this.#X(i),this.#$()},i=>{if(!$e(i)){this.#O(this.#D("claim jobs",i));return}return this.#I("claim jobs",i),this.#n.releaseUnknown(r,this.#R()).then(()=>{},()=>{})}).finally(()=>{this.#c=!1,this.#g=void 0,this.#J()})}#X(e){let n=this.#t.released.length;for(let r of e){let i=this.#Q(r);"problem"in i||(this.#b(i.origin)>0?this.#t.released.push(i.id):(this.#s.push(i),r.paced&&this.#i.set(i.id,gs(r))))}this.#t.released.length>n&&this.#u()}#J(){for(let e of this.#E.splice(0))e.give()}#Q(e){let n=this.#e.codec.decode(e.payload,e);return"problem"in n&&n.notMine?(this.#t.released.push(e.id),this.#u(),this.#O(new Error(`Queue "${this.#e.queue}" holds job ${e.id} (${e.url||"no URL"}) of another config: ${n.problem}; it went back to the queue, for a worker with that config`)),n):"problem"in n?(this.#W++,this.#e.warn(`job ${e.id} (${e.url||"no URL"}): ${n.problem}`),this.#t.failed.push({id:e.id,error:n.problem}),this.#u(),n):{id:e.id,origin:e.origin,task:e.task,attempt:e.attempt,notBeforeMs:0,payload:n.payload}}*#T(e){yield*Mn(e,this.#F,"waiting for work")}#le(e){return new Promise(n=>{let r=()=>{clearTimeout(i),this.#L.delete(r),n()},i=setTimeout(r,e);this.#L.add(r)})}#A(){this.#C++;for(let e of this.#F)e()}#V(){this.#A();for(let e of this.#L)e()}#u(){if(this.#t.pauses.length>0){clearTimeout(this.#p),this.#p=void 0,this.#v();return}this.#h!==void 0||this.#p!==void 0||(this.#p=setTimeout(()=>{this.#p=void 0,this.#v()},Es))}#v(){this.#h===void 0&&(this.#h=this.#ce().then(e=>{this.#h=void 0,e?vt(this.#t)||this.#u():this.#U=!0}))}async#ce(){for(let e=0;!vt(this.#t);e++){if(this.#_!==void 0)return!1;let n=this.#t;this.#t=qe(),this.#S=n;try{return await this.#n.report(this.#e.queue,this.#e.worker,n),this.#S=qe(),this.#$(),!0}catch(r){if(this.#S=qe(),this.#t=_s(n,this.#t),!$e(r))return this.#_=this.#D("report how its fetches ended",r),this.#O(this.#_),!1;if(this.#I("report how its fetches ended",r),this.#N&&e>=2)return!1;await this.#le(it[Math.min(e,it.length-1)])}}return!0}async#Z(){for(this.#U=!1,clearTimeout(this.#p),this.#p=void 0;this.#h!==void 0||!vt(this.#t);)if(this.#h===void 0&&this.#v(),await this.#h,this.#U)return!1;return!0}#de(){let e=kt(this.#t).length,n=this.#_,r=e===0?"A pause an origin asked for could not be reported to the database":`${e} fetch outcomes could not be reported to the database; ${n===void 0?"their leases run out and ":""}other workers do them again`;return n===void 0||this.#M&&this.#y===n?new Error(r):new Error(`${n.message}; ${r[0].toLowerCase()}${r.slice(1)}`,{cause:n.cause})}#R(){return[...this.#r,...this.#s.map(e=>e.id),...kt(this.#t),...kt(this.#S)]}*#f(e,n,r){for(let i=0;;i++)try{i>0&&r!==void 0&&(yield*xe(r,e));let a=yield*xe(n,e);return this.#$(),a}catch(a){if(!$e(a))throw this.#D(e,a);this.#I(e,a),yield*this.#T(it[Math.min(i,it.length-1)])}}#D(e,n){return new Error(`Worker ${this.#e.worker} cannot ${e}: ${vn(n)}`,{cause:n})}#I(e,n){this.#w===void 0&&(this.#w=Date.now(),this.#e.warn(`Worker ${this.#e.worker} cannot ${e}: ${vn(n)}; retrying with backoff`))}#$(){if(this.#w===void 0)return;let e=((Date.now()-this.#w)/1e3).toFixed(1);this.#w=void 0,this.#e.warn(`Worker ${this.#e.worker} reaches the database again (after ${e}s)`)}};function gs(t){return{claimedAtMs:performance.now(),graceMs:Math.min(50,t.gapMs/10),turnMs:t.gapMs+t.jitterMs}}function vn(t){let e=Kt(t),n=Ye(t);return n!==void 0&&!e.includes(n)?`${e} (${n})`:e}function $n(t){let e=t?.url;return typeof e=="string"?e:""}function qe(){return{links:[],done:[],leftOut:[],failed:[],retries:[],released:[],dropped:[],pauses:[]}}function kt(t){return[...t.done,...t.leftOut,...t.released,...t.failed.map(({id:e})=>e),...t.retries.map(({id:e})=>e)]}function vt(t){return t.links.length+t.done.length+t.leftOut.length+t.failed.length+t.retries.length+t.released.length+t.dropped.length+t.pauses.length===0}function _s(t,e){return{links:[...t.links,...e.links],done:[...t.done,...e.done],leftOut:[...t.leftOut,...e.leftOut],failed:[...t.failed,...e.failed],retries:[...t.retries,...e.retries],released:[...t.released,...e.released],dropped:[...t.dropped,...e.dropped],pauses:[...t.pauses,...e.pauses]}}function Mn(t,e,n){return Xt(r=>{let i=setTimeout(r,t),a=()=>r();return e.add(a),()=>{clearTimeout(i),e.delete(a)}},n)}var Mt=class{#e;#n;#a;#d;#s;#i=[];#r;#o;#m=0;#E=0;constructor(e,n,r,i,a={}){this.#s=a.metadataFile,this.#e=e,this.#n=n,this.#a=r,this.#d=i}appendJson(e){this.#i.push(e),this.#i.length>1e5&&(this.#E+=this.#i.length-1e5,this.#i.splice(0,this.#i.length-1e5)),this.#c(100)}async close(){clearTimeout(this.#o),this.#o=void 0,await this.#r,this.#i.length>0&&await this.#g();let e=this.#i.length+this.#E;if(e>0){let n=this.#s===void 0?"":` (they are in the worker's metadata file, ${this.#s})`;this.#d(`${e} metadata lines did not reach the database${n}`)}}#c(e){this.#r!==void 0||this.#o!==void 0||(this.#o=setTimeout(()=>{this.#o=void 0,this.#r=this.#g().then(n=>{this.#r=void 0,this.#i.length>0&&this.#c(n?100:5e3)})},e))}async#g(){for(;this.#i.length>0;){let e=this.#i.slice(0,500);try{await this.#e.insertResults(this.#n,this.#a,e)}catch(n){return this.#m++===0&&this.#d(`Cannot copy metadata lines to the database: ${n.message}`),!1}this.#i.splice(0,e.length)}return!0}};var Ns=20;async function ws(t,e){return await t.sql.begin("isolation level repeatable read read only",n=>Ts(n,e))}async function Ts(t,e){let n=e??null,r=await t`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${n}::text IS NULL OR queue = ${n}
    ORDER BY queue`,i=[];for(let{queue:a}of r){let u=await t`
      SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms,
        CASE WHEN o.paused_until > now() THEN o.paused_until END AS paused_until,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.not_before <= now() AND mine)::int
          AS ready,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.not_before > now() AND mine)::int
          AS waiting,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.attempt > 0 AND mine)::int AS retries,
        count(j.id) FILTER (WHERE r.state = 'leased' AND mine)::int AS leased,
        count(j.id) FILTER (WHERE r.state = 'done' AND mine)::int AS done,
        count(j.id) FILTER (WHERE r.state = 'failed' AND mine)::int AS failed,
        count(j.id) FILTER (WHERE r.state = 'skipped' AND mine)::int AS skipped,
        count(j.id) FILTER (WHERE r.state IN ('queued', 'leased') AND NOT mine)::int
          AS in_callbacks
      FROM corun_origins o LEFT JOIN corun_jobs j ON j.queue = o.queue AND j.origin = o.origin
      -- The queue's own jobs; the others are reserved for a worker's callback (ctx.fetch). Each
      -- counted as the next claim finds it: a lapsed lease back in the queue (whether or not a
      -- worker runs to reap it), a lapsed callback's job gone.
      CROSS JOIN LATERAL (SELECT j.reserved_for IS NULL AS mine,
        CASE WHEN j.reserved_for IS NOT NULL AND ${Ct(t)} THEN 'gone'
          WHEN j.state = 'leased' AND j.reserved_for IS NULL AND ${st(t)} THEN 'queued'
          ELSE j.state END AS state) r
      WHERE o.queue = ${a}
      GROUP BY o.origin, o.per_host, o.gap_ms, o.jitter_ms, o.paused_until
      ORDER BY o.origin`,l=await t`
      SELECT w.*, (SELECT count(*) FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state = 'leased' AND NOT ${st(t)})::int AS leases,
        corun_owner_gone(w.id) AS gone,
        (extract(epoch FROM now() - w.last_seen) * 1000)::float8 AS seen_ago_ms
      FROM corun_workers w WHERE w.queue = ${a}
      -- The running first: rows of stopped and killed workers are kept, and would push them out.
      ORDER BY gone, w.started_at DESC LIMIT ${Ns}`,d=await t`
      SELECT task, url, coalesce(last_error, '') AS error, finished_at
      FROM corun_jobs WHERE queue = ${a} AND state = 'failed'
      ORDER BY finished_at DESC LIMIT 10`,g=await t`
      SELECT schedule, fire_at, outcome, jobs, owner FROM corun_fires WHERE queue = ${a}
      ORDER BY fire_at DESC LIMIT 10`;i.push({queue:a,origins:u.map(h=>({origin:h.origin,ready:h.ready,waiting:h.waiting,retries:h.retries,leased:h.leased,done:h.done,failed:h.failed,skipped:h.skipped,inCallbacks:h.in_callbacks,perHost:h.per_host,gapMs:h.gap_ms,jitterMs:h.jitter_ms,pausedUntil:je(h.paused_until)})),workers:l.map(h=>({id:h.id,host:h.host,pid:h.pid,startedAt:je(h.started_at),lastSeen:je(h.last_seen),lastSeenAgoMs:Math.max(0,Math.round(h.seen_ago_ms)),stoppedAt:je(h.stopped_at),state:h.stopped_at!==null?"stopped":h.gone?"gone":"running",leases:h.leases,done:h.done,failed:h.failed,skipped:h.skipped})),failures:d.map(h=>({task:h.task,url:h.url,error:h.error,at:je(h.finished_at)})),fires:g.map(h=>({schedule:h.schedule,fireAt:je(h.fire_at),outcome:h.outcome,jobs:h.jobs,owner:h.owner}))})}return i}function je(t){return t instanceof Date?t.toISOString():null}export{$t as PgFrontier,Mt as PgResultLog,It as PgStore,nn as SCHEMA_VERSION,dt as migrate,Un as postgresClient,ws as queueStatus};
