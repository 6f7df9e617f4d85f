/**
 * `ctx.write` and `ctx.append`: a file of a task's own under the output directory, written whole
 * (atomic) or appended to, confined like every sink, and its path claimed for the task so that
 * two writers of one file are told apart from one writer that writes it twice.
 * @module
 */
import { type Effect, refusedAccessText } from "../loop/mod.ts";
import { ConfinementError } from "../sinks/mod.ts";
import { errnoOf, isOsError, problemOf } from "../sinks/os_error.ts";
import { checkFileArguments } from "./ctx_arguments.ts";
import type { ContextScope } from "./ctx_scope.ts";
import { appendToFile, writeWholeFile } from "./file_ops.ts";

/** How each call claims the path for its task. */
const CLAIMS = { write: "claim", append: "claimAppend" } as const;

/**
 * `ctx.write` (replaces the file whole) or `ctx.append` (adds to its end, made when missing).
 *
 * @param scope The context's state.
 * @param call Which of the two.
 * @param path The path under the output directory.
 * @param data What to write.
 * @returns The file's absolute path.
 */
export function* fileCall(
  scope: ContextScope,
  call: keyof typeof CLAIMS,
  path: string,
  data: Uint8Array | string,
): Generator<Effect, string> {
  const { name, env } = scope;
  scope.refuseIfEnded(`${call} ${JSON.stringify(path)}`);
  checkFileArguments(call, name, path, data);
  const subject = `ctx.${call} ${JSON.stringify(path)} for task ${JSON.stringify(name)}`;
  let target: string;
  let claimed: string;
  try {
    target = env.output.resolve(path);
    claimed = env.savedPaths[CLAIMS[call]](path, name);
  } catch (error) {
    throw refusalOfCall(error, subject);
  }
  try {
    if (call === "write") yield* writeWholeFile(target, data, env.output.confined);
    else appendToFile(target, data, env.output.confined);
  } catch (error) {
    throw env.savedPaths.collisionOf(error, claimed, name) ??
      fileCallError(error, subject, env.output.path);
  }
  return target;
}

/**
 * A refused path (`ConfinementError`), said with the call and the task as the call's other
 * refusals are (`Cannot ctx.write "../x" for task "app": the path leaves …`), its code, path and
 * cause kept. Any other error is returned as it is.
 */
function refusalOfCall(error: unknown, subject: string): unknown {
  if (!(error instanceof ConfinementError)) return error;
  const { code, path, outDir, state, cause } = error;
  return new ConfinementError(code, path, outDir, state, {
    subject,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A file system's error of `ctx.write` or `ctx.append`, said with the call, the path and the task
 * (`Cannot ctx.write "log.txt" for task "app": No space left on device (os error 28)`), its `code`
 * (`ENOSPC`) kept and the error as its `cause`; Deno's refusal of the output directory
 * (`NotCapable`) in corun's words; a refused path (`ConfinementError`) with the call and the task.
 * Any other error (a cancel) says itself, and is returned as it is.
 */
function fileCallError(error: unknown, subject: string, outDir: string): unknown {
  const refused = refusedAccessText(error, "write", outDir);
  if (refused === undefined && !isOsError(error)) return refusalOfCall(error, subject);
  const cannot = `Cannot ${subject}`;
  // The refusal says all Deno's did (a cause would repeat it, in Deno's words).
  if (refused !== undefined) return new Error(`${cannot}: ${refused}`);
  const named = new Error(`${cannot}: ${problemOf(error)}`, { cause: error });
  // Still the file system's error to retries and exit codes.
  return Object.assign(named, { code: errnoOf(error) });
}
