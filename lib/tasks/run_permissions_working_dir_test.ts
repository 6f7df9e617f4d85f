// A run that writes steps back into the working directory after each write: reading it is a
// permission the run needs, asked of the probe's working directory.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { missingPermissions, type PermissionProbe, permissionProblem } from "./run_permissions.ts";

const OUT = "/srv/corun/out";
const CWD = "/home/ops";
const READ = `tasks.yaml: corun may not read the working directory "${CWD}" (it steps into each ` +
  `folder it writes to, and back): start it with --allow-read=${CWD} (or --allow-read)`;
const WRITE = `tasks.yaml: outDir: corun may not write to "${OUT}": start it with ` +
  `--allow-write=${OUT} (or --allow-write)`;

/** Every host granted, writing `OUT` as told, reading nothing; the working directory `CWD`. */
function probe(write: boolean): PermissionProbe {
  return {
    granted: (descriptor) => descriptor.name === "net" || (descriptor.name === "write" && write),
    workingDir: () => CWD,
  };
}

function problems(tasks: unknown[], probe: PermissionProbe, records = false): string[] {
  const config = validateConfig({ outDir: OUT, tasks }, "/srv/corun/tasks.yaml");
  const scope = { label: "tasks.yaml", outDir: OUT, recordsWhenPermitted: records };
  return missingPermissions(config, scope, probe).map(permissionProblem);
}

const SAVES = [{ name: "a", fetch: "http://127.0.0.1:9/a", save: "sub/a.txt" }];
const SLEEPS = [{ name: "nap", sleep: "1s" }];

Deno.test("missingPermissions() asks for the working directory's read when the run writes", () => {
  assertEquals(problems(SAVES, probe(true)), [READ]);
  // Both said at once: one start fixes both.
  assertEquals(problems(SAVES, probe(false)), [WRITE, READ]);
});

Deno.test("missingPermissions() asks for it when the caller records runs where it may write", () => {
  assertEquals(problems(SLEEPS, probe(true), true), [READ]);
  // It may not write there: no history is written, nothing steps back.
  assertEquals(problems(SLEEPS, probe(false), true), []);
  assertEquals(problems(SLEEPS, probe(true)), []);
});

Deno.test("missingPermissions() leaves a working directory that is gone, or not asked about, to the writes", () => {
  assertEquals(problems(SAVES, { ...probe(true), workingDir: () => undefined }), []);
  assertEquals(problems(SAVES, { granted: (descriptor) => descriptor.name !== "read" }), []);
});
