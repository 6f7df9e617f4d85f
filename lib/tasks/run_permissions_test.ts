import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { task, validateConfig } from "../config/mod.ts";
import { proxyEnvironmentFrom } from "../net/mod.ts";
import {
  missingPermissions,
  type PermissionProbe,
  permissionProblem,
  type PermissionScope,
} from "./run_permissions.ts";
import { run } from "./runner.ts";

const SOURCE = "/srv/corun/tasks.yaml";
const OUT = "/srv/corun/out";
const SCOPE: PermissionScope = { label: "tasks.yaml", outDir: OUT };

/** Deno's answers: the hosts and paths granted, nothing else (no `--allow-net` for all hosts). */
function granting(
  granted: { net?: string[]; write?: string[] } = {},
  env: Record<string, string> = {},
): PermissionProbe {
  return {
    granted(descriptor) {
      if (descriptor.name === "net") return granted.net?.includes(descriptor.host ?? "*") ?? false;
      if (descriptor.name === "write") {
        return granted.write?.includes(String(descriptor.path)) ?? false;
      }
      return false;
    },
    proxyEnvironment: proxyEnvironmentFrom((name) => env[name]),
  };
}

function config(tasks: unknown[], fields: Record<string, unknown> = {}) {
  return validateConfig({ outDir: "out", ...fields, tasks }, SOURCE);
}

function problems(
  spec: ReturnType<typeof config>,
  probe: PermissionProbe,
  scope: Partial<PermissionScope> = {},
): string[] {
  return missingPermissions(spec, { ...SCOPE, ...scope }, probe).map(permissionProblem);
}

const WRITE = `tasks.yaml: outDir: corun may not write to "${OUT}": start it with ` +
  `--allow-write=${OUT} (or --allow-write)`;

Deno.test("missingPermissions() names every host of the tasks' own URLs, with its tasks, and the one flag", () => {
  const spec = config([
    { name: "a", fetch: "http://127.0.0.1:9/a", save: "a.txt" },
    { name: "b", fetch: "http://127.0.0.1:9/b" },
    { name: "tls", fetch: "https://example.org/" },
    { name: "v6", fetch: "http://[::1]:8080/" },
    { name: "nap", sleep: "1s" },
  ]);
  assertEquals(problems(spec, granting({ write: [OUT] })), [
    'tasks.yaml: corun may not connect to 127.0.0.1:9 (tasks "a" and "b"), example.org:443 ' +
    '(task "tls"), [::1]:8080 (task "v6"): start it with ' +
    // Quoted for the shell, where [ ] are a glob.
    "'--allow-net=127.0.0.1:9,example.org:443,[::1]:8080' (or --allow-net)",
  ]);
  // Hosts granted one by one are left out; all of them granted (`--allow-net`) is nothing missing.
  assertEquals(problems(spec, granting({ net: ["127.0.0.1:9", "[::1]:8080"], write: [OUT] })), [
    'tasks.yaml: corun may not connect to example.org:443 (task "tls"): start it with ' +
    "--allow-net=example.org:443 (or --allow-net)",
  ]);
  assertEquals(problems(spec, granting({ net: ["*"], write: [OUT] })), []);
});

Deno.test("missingPermissions() asks for localhost for a name under it, which is where it connects", () => {
  const spec = config([
    { name: "app", fetch: "http://app.localhost:3000/" },
    { name: "fq", fetch: "http://localhost.:3000/" },
  ]);
  assertEquals(problems(spec, granting({ net: ["app.localhost:3000"], write: [OUT] })), [
    'tasks.yaml: corun may not connect to localhost:3000 (tasks "app" and "fq"): start it with ' +
    "--allow-net=localhost:3000 (or --allow-net)",
  ]);
  assertEquals(problems(spec, granting({ net: ["localhost:3000"], write: [OUT] })), []);
});

Deno.test("missingPermissions() names a few tasks of a host, and counts the rest", () => {
  const tasks = Array.from({ length: 6 }, (_, index) => ({
    name: `t${index}`,
    fetch: `http://127.0.0.1:9/${index}`,
  }));
  assertEquals(problems(config(tasks, { metadata: false }), granting()), [
    'tasks.yaml: corun may not connect to 127.0.0.1:9 (tasks "t0", "t1", "t2" and 3 more): ' +
    "start it with --allow-net=127.0.0.1:9 (or --allow-net)",
  ]);
});

Deno.test("missingPermissions() names 20 hosts and counts the rest, asking for every host", () => {
  const tasks = Array.from({ length: 1_025 }, (_, index) => ({
    name: `t${index}`,
    fetch: `http://h${index}.example/`,
  }));
  const [problem] = problems(config(tasks, { metadata: false }), granting());
  assertEquals(
    problem,
    "tasks.yaml: corun may not connect to " +
      Array.from({ length: 20 }, (_, index) => `h${index}.example:80 (task "t${index}")`).join(
        ", ",
      ) +
      " and 1,005 more hosts: start it with --allow-net",
  );
});

Deno.test("missingPermissions() knows a pattern's hosts when they are few, never a list's", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-permissions-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "http://127.0.0.1:7/x\n");
    const spec = validateConfig({
      outDir: "out",
      metadata: false,
      tasks: [
        { name: "pages", fetch: "http://127.0.0.1:9/p[1-3].html", save: "p{1}.html" },
        { name: "hosts", fetch: "http://{a,b}.example/", save: "{host}.html" },
        { name: "many", fetch: "http://h[1-101].example/", save: "{host}.html" },
        { name: "listed", fetch: { urls: "urls.txt" }, save: "{path}" },
      ],
    }, `${dir}/tasks.yaml`);
    assertEquals(problems(spec, granting({ write: [OUT] })), [
      'tasks.yaml: corun may not connect to 127.0.0.1:9 (task "pages"), a.example:80 (task ' +
      '"hosts"), b.example:80 (task "hosts"): start it with ' +
      "--allow-net=127.0.0.1:9,a.example:80,b.example:80 (or --allow-net)",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("missingPermissions() names the proxy a task goes through, not the host behind it", () => {
  const spec = config([
    { name: "set", fetch: "https://example.org/", proxy: "http://proxy.corp:3128" },
    { name: "direct", fetch: "http://127.0.0.1:9/", proxy: false },
    { name: "env", fetch: "https://other.example/" },
    { name: "origin", fetch: "http://ruled.example/" },
  ], { metadata: false, origins: { "http://ruled.example": { proxy: "http://edge:8080" } } });
  const env = { https_proxy: "http://envproxy:3128" };
  assertEquals(problems(spec, granting({}, env)), [
    'tasks.yaml: corun may not connect to proxy.corp:3128 (the proxy of task "set"), ' +
    '127.0.0.1:9 (task "direct"), envproxy:3128 (the proxy of task "env"), edge:8080 (the ' +
    'proxy of task "origin"): start it with ' +
    "--allow-net=proxy.corp:3128,127.0.0.1:9,envproxy:3128,edge:8080 (or --allow-net)",
  ]);
});

Deno.test("missingPermissions() names the notify: hosts only for a caller that pings", () => {
  const spec = config([{ name: "a", fetch: "http://127.0.0.1:9/" }], {
    metadata: false,
    notify: { start: "https://hooks.example/s", failure: "https://hooks.example/f" },
  });
  assertEquals(problems(spec, granting(), { pings: true }), [
    'tasks.yaml: corun may not connect to 127.0.0.1:9 (task "a"), hooks.example:443 ' +
    "(notify.start, notify.failure): start it with " +
    "--allow-net=127.0.0.1:9,hooks.example:443 (or --allow-net)",
  ]);
  assertEquals(problems(spec, granting()), [
    'tasks.yaml: corun may not connect to 127.0.0.1:9 (task "a"): start it with ' +
    "--allow-net=127.0.0.1:9 (or --allow-net)",
  ]);
});

Deno.test("missingPermissions() asks for the output directory only when the run writes there", () => {
  const sleeps = config([{ sleep: "1s" }]);
  assertEquals(problems(sleeps, granting()), []);
  assertEquals(problems(sleeps, granting(), { locking: true }), [WRITE]);
  // A fetch writes its metadata line (or its body): the output directory is needed.
  const fetches = config([{ name: "a", fetch: "http://127.0.0.1:9/" }]);
  assertEquals(problems(fetches, granting({ net: ["*"] })), [WRITE]);
  assertEquals(
    problems(fetches, granting({ net: ["*"] }), { outDirWhere: "--out" }),
    [`--out: corun may not write to "${OUT}": start it with --allow-write=${OUT} (or --allow-write)`],
  );
  assertEquals(problems(fetches, granting({ net: ["*"], write: [OUT] })), []);
  const unsaved = config([{ name: "a", fetch: "http://127.0.0.1:9/" }], { metadata: false });
  assertEquals(problems(unsaved, granting({ net: ["*"] })), []);
  // What only may write (a custom task, a callback, a body to standard output without metadata
  // lines): the command line asks for it up front, the library's run() leaves it to the write.
  const mayWrite = config([
    task("custom", function* () {}),
    { name: "a", fetch: "http://127.0.0.1:9/", save: "-", onResponse: () => {} },
  ], { metadata: false });
  assertEquals(problems(mayWrite, granting({ net: ["*"] })), [WRITE]);
  assertEquals(problems(mayWrite, granting({ net: ["*"] }), { writes: "surely" }), []);
  assertEquals(problems(fetches, granting({ net: ["*"] }), { writes: "surely" }), [WRITE]);
  const saved = config([{ name: "a", fetch: "http://127.0.0.1:9/", save: "a.html" }], {
    metadata: false,
  });
  assertEquals(problems(saved, granting({ net: ["*"] }), { writes: "surely" }), [WRITE]);
});

Deno.test({
  name:
    "run() of tasks that write nothing needs no --allow-write: a script's custom task that only logs runs",
  permissions: { read: true, write: false, env: true },
  async fn() {
    const logged: string[] = [];
    const result = await run(
      validateConfig({
        outDir: "/nonexistent-corun-out",
        // deno-lint-ignore require-yield
        tasks: [task("greet", function* (ctx) {
          ctx.log("hello");
        })],
      }, "/srv/corun/tasks.ts"),
      { onEvent: (event) => event.type === "log" && logged.push(event.message) },
    );
    assertEquals(result.counts.done, 1);
    assertEquals(logged, ["hello"]);
  },
});

Deno.test({
  name: "run() without the permissions its tasks need throws one error before any task starts",
  permissions: { read: true, write: true, env: true, net: ["127.0.0.1:1"] },
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "corun-permissions-run-" });
    try {
      const spec = validateConfig({
        outDir: "out",
        tasks: [
          { name: "a", fetch: "http://127.0.0.1:9/a", save: "a.txt" },
          { name: "b", fetch: "http://127.0.0.1:9/b" },
          { name: "nap", sleep: "1s" },
        ],
      }, `${dir}/tasks.yaml`);
      const started: string[] = [];
      const error = await assertRejects(
        () =>
          run(spec, {
            virtualTime: true,
            onEvent: (event) => started.push(event.type),
          }),
        Deno.errors.NotCapable,
      );
      assertEquals(
        error.message,
        `${dir}/tasks.yaml: corun may not connect to 127.0.0.1:9 (tasks "a" and "b"): start it ` +
          "with --allow-net=127.0.0.1:9 (or --allow-net)",
      );
      assertEquals(started, []);
      assertEquals([...Deno.readDirSync(dir)], [], "nothing was written");
      // A plan does no I/O, a run stopped before it starts does nothing: neither needs a permission.
      const plan = await run(spec, { dryRun: true });
      assertEquals(plan.counts.done, 3);
      const stop = new AbortController();
      stop.abort();
      const stopped = await run(spec, { signal: stop.signal });
      assertEquals([stopped.interrupted, stopped.counts.done], [true, 0]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
