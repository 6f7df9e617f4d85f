/**
 * Profiles one corun run of a benchmark workload with V8's sampling profiler and prints where the time
 * went, by area (corun's layers, npm packages, Deno internals, GC) and by function.
 *
 *     deno run -A bench/profile.ts small-http [--top 30] [--callers op_get_env,op_write]
 *
 * The raw `.cpuprofile` stays in `/tmp/corun-bench/prof-<workload>/` for Chrome DevTools.
 * @module
 */
import { callersOf, renderProfileLines, summarizeProfile } from "./cpu_profile_summary.ts";
import {
  type BenchPaths,
  corunArgs,
  ensureServer,
  stopServer,
  writeWorkloadConfig,
} from "./peer_suite.ts";
import { selectWorkloads } from "./workloads.ts";
import { denoTaskCorunFlags } from "./corun_cli.ts";

if (import.meta.main) {
  const id = Deno.args[0] ?? "small-http";
  const topIndex = Deno.args.indexOf("--top");
  const top = topIndex > 0 ? Number(Deno.args[topIndex + 1]) : 30;
  const callersIndex = Deno.args.indexOf("--callers");
  const callers = callersIndex > 0 ? Deno.args[callersIndex + 1].split(",") : [];
  const [workload] = selectWorkloads([id]);
  const paths: BenchPaths = {
    sharedDir: new URL("../../shared/bench", import.meta.url).pathname,
    benchDir: Deno.env.get("BENCH_DIR") ?? "/tmp/bench",
    workDir: "/tmp/corun-bench",
    outDir: "/dev/shm/corun-profile-out",
    // The sources, not the minified bundle, so that the profile names corun's functions.
    corun: {
      flags: await denoTaskCorunFlags(),
      entry: new URL("../mod.ts", import.meta.url).pathname,
    },
  };
  const startedServer = await ensureServer(paths);
  try {
    const { configPath } = await writeWorkloadConfig(workload, paths);
    const profDir = `${paths.workDir}/prof-${workload.id}`;
    await Deno.remove(profDir, { recursive: true }).catch(() => {});
    await Deno.remove(paths.outDir, { recursive: true }).catch(() => {});
    const [deno, ...args] = corunArgs(paths, configPath);
    args.splice(1, 0, "--cpu-prof", `--cpu-prof-dir=${profDir}`);
    const startedMs = performance.now();
    const output = await new Deno.Command(deno, { args: [...args, "--out", paths.outDir] })
      .output();
    const wallMs = performance.now() - startedMs;
    if (!output.success) throw new Error(`Cannot profile ${id}: corun exited ${output.code}`);
    const [file] = [...Deno.readDirSync(profDir)].filter((f) => f.name.endsWith(".cpuprofile"));
    const profile = JSON.parse(await Deno.readTextFile(`${profDir}/${file.name}`));
    const summary = summarizeProfile(profile);
    console.log(
      `# ${id}: ${wallMs.toFixed(0)} ms wall, ${summary.totalMs.toFixed(0)} ms sampled` +
        ` (${profDir}/${file.name})\n`,
    );
    console.log("## By area\n");
    console.log(renderProfileLines(summary.byArea, summary.totalMs, top));
    console.log("## By function (self time)\n");
    console.log(renderProfileLines(summary.byFunction, summary.totalMs, top));
    for (const name of callers) {
      console.log(`## Callers of ${name}\n`);
      console.log(renderProfileLines(callersOf(profile, name), summary.totalMs, 10));
    }
  } finally {
    await Deno.remove(paths.outDir, { recursive: true }).catch(() => {});
    if (startedServer) await stopServer(paths);
  }
}
