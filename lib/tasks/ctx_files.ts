/**
 * `ctx.write` and `ctx.append`: a file of a task's own under the output directory, written whole
 * (atomic) or appended to, confined like every sink, and its path claimed for the task so that
 * two writers of one file are told apart from one writer that writes it twice.
 * @module
 */
import type { Effect } from "../loop/mod.ts";
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
  const target = env.output.resolve(path);
  const claimed = env.savedPaths[CLAIMS[call]](path, name);
  try {
    if (call === "write") yield* writeWholeFile(target, data, env.output.confined);
    else appendToFile(target, data, env.output.confined);
  } catch (error) {
    throw env.savedPaths.collisionOf(error, claimed, name) ?? error;
  }
  return target;
}
