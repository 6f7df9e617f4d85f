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

/**
 * `ctx.write`: replaces the file whole.
 *
 * @param scope The context's state.
 * @param path The path under the output directory.
 * @param data What to write.
 * @returns The file's absolute path.
 */
export function* writeCall(
  scope: ContextScope,
  path: string,
  data: Uint8Array | string,
): Generator<Effect, string> {
  const { name, env } = scope;
  scope.refuseIfEnded(`write ${JSON.stringify(path)}`);
  checkFileArguments("write", name, path, data);
  const target = env.output.resolve(path);
  const claimed = env.savedPaths.claim(path, name);
  try {
    yield* writeWholeFile(target, data, env.output.confined);
  } catch (error) {
    throw env.savedPaths.collisionOf(error, claimed, name) ?? error;
  }
  return target;
}

/**
 * `ctx.append`: adds to the end of the file, made when missing.
 *
 * @param scope The context's state.
 * @param path The path under the output directory.
 * @param data What to append.
 * @returns The file's absolute path.
 */
export function* appendCall(
  scope: ContextScope,
  path: string,
  data: Uint8Array | string,
): Generator<Effect, string> {
  const { name, env } = scope;
  scope.refuseIfEnded(`append ${JSON.stringify(path)}`);
  checkFileArguments("append", name, path, data);
  const target = env.output.resolve(path);
  const claimed = env.savedPaths.claimAppend(path, name);
  try {
    yield* appendToFile(target, data, env.output.confined);
  } catch (error) {
    throw env.savedPaths.collisionOf(error, claimed, name) ?? error;
  }
  return target;
}
