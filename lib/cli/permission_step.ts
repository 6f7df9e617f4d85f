/**
 * The Deno permissions a command's runs need and this process lacks (lib/tasks
 * `missingPermissions`): `run`, `schedule` and `worker` refuse to start without them, naming the
 * hosts and folders and the flags to add; `check`, whose own permissions say nothing of the run's
 * (`--allow-read` alone, in CI), warns of them. A credential's `{ env }` or `{ file }` is read when
 * the config loads, before this step: a missing `--allow-env=NAME` or `--allow-read` for it is the
 * load's config error at its field, for each command that reads them (`SecretsNeed`,
 * load_step.ts; lib/config `secret_refs.ts`).
 * @module
 */
import {
  missingPermissions,
  type PermissionProbe,
  permissionProblem,
  type PermissionScope,
} from "../tasks/mod.ts";
import { outDirOf, type OutputCheckRequest } from "../config/mod.ts";

/** The run's config and flags, and what the command adds to its connections. */
export interface PermissionRequest extends OutputCheckRequest {
  /** The config's `notify:` URLs are pinged. @default false */
  pings?: boolean;
  /** The run saves its cookie jar (not a `--virtual-time` preview). @default true */
  savesCookies?: boolean;
  /** The run history and run marks are written when writing the output directory is granted. @default false */
  records?: boolean;
  /** The shared queue's database server (`host:port`), asked for in the same `--allow-net` line. */
  database?: string;
}

/**
 * What a run refuses to start without, one line per permission.
 *
 * @param request The config and the flags.
 * @param probe The permissions. @default the process's, asked without a prompt
 * @returns `tasks.yaml: corun may not connect to 127.0.0.1:9 (task "a"): start it with
 *   --allow-net=127.0.0.1:9 (or --allow-net)`, …; empty when nothing is missing.
 */
export function permissionProblems(request: PermissionRequest, probe?: PermissionProbe): string[] {
  return missingOf(request, probe).map(permissionProblem);
}

/**
 * What `check` warns of: the same permissions, as what `run` will need.
 *
 * @param request The config and the flags.
 * @param probe The permissions. @default the process's, asked without a prompt
 * @returns `tasks.yaml: outDir: this check may not write to "/srv/out"; corun run will need
 *   --allow-write=/srv/out (or --allow-write)`, …
 */
export function permissionWarnings(request: PermissionRequest, probe?: PermissionProbe): string[] {
  return missingOf(request, probe).map(({ where, what, flags }) =>
    `${where}: this check may not ${what}; corun run will need ${flags}`
  );
}

function missingOf(request: PermissionRequest, probe: PermissionProbe | undefined) {
  const { outDir, where } = outDirOf(request);
  const scope: PermissionScope = {
    label: request.label,
    outDir,
    outDirWhere: where,
    locking: request.locking ?? false,
    pings: request.pings ?? false,
    savesCookies: request.savesCookies ?? true,
    recordsWhenPermitted: request.records ?? false,
    alsoConnects: request.database === undefined
      ? []
      : [{ host: request.database, who: "the database" }],
  };
  return missingPermissions(request.config, scope, probe);
}
