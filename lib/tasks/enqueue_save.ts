/**
 * Where an enqueued URL is saved, checked as `ctx.enqueue` is called: by its own `save` or else its
 * task's, a template it can be rendered from (an enqueued URL matched no glob, so it has no `{1}`)
 * and, for the task's, one that tells pages apart: a fixed `save` would put every page in the
 * seed's file, each replacing the one before. A list or a pattern gets the same check as a config
 * error (lib/config/save_collisions.ts); an enqueue is code, so it is checked where it is called.
 * @module
 */
import { brandClass, kindOfValue } from "../loop/mod.ts";
import { validatePathTemplate } from "../sinks/mod.ts";
import { highestPartPlaceholder } from "../sinks/path_template.ts";
import { isStdoutSave } from "../sinks/stdout_body.ts";

/**
 * `ctx.enqueue` was asked to save a URL where it cannot go, or over its task's other pages.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { EnqueueSaveError, run, task } from "@corun/corun";
 * const outDir = await Deno.makeTempDir();
 * const refused: string[] = [];
 * await run({
 *   tasks: [task("archive", function* (ctx) {
 *     try {
 *       // `{1}` is what a URL pattern's first glob matched: an enqueued URL has none.
 *       yield* ctx.enqueue("https://example.com/a.html", { save: "pages/{1}.html" });
 *     } catch (error) {
 *       if (!(error instanceof EnqueueSaveError)) throw error;
 *       refused.push(error.code); // nothing was queued
 *     }
 *   })],
 * }, { outDir });
 * await Deno.remove(outDir, { recursive: true });
 * assertEquals(refused, ["ENQUEUE_SAVE"]);
 * ```
 */
export class EnqueueSaveError extends Error {
  static {
    // A TypeScript config run by the bundled command line catches it with mod.ts's class.
    brandClass(this, "EnqueueSaveError");
  }

  /** Stable code for callers that branch. */
  readonly code = "ENQUEUE_SAVE";

  /**
   * Says which enqueue cannot be saved, and why.
   *
   * @param url The URL enqueued.
   * @param task The task's name.
   * @param problem What is wrong with its save.
   * @param cause The template's own error, when it does not parse.
   */
  constructor(url: string, task: string, problem: string, cause?: unknown) {
    super(`Cannot enqueue ${url} for task "${task}": ${problem}`, { cause });
    this.name = "EnqueueSaveError";
  }
}

/**
 * Placeholders that tell one page of a crawl from the next (as a list's save needs); two pages a
 * `{filename}` names alike fail the second (`SAVE_COLLISION`), never replace the first.
 */
const PER_PAGE = ["{path}", "{uuid}", "{sha256}", "{filename}"];

/**
 * Checks where an enqueued URL would be saved.
 *
 * @param url The URL enqueued.
 * @param task The task's name and `save`.
 * @param ownSave The `save` given to `ctx.enqueue`.
 * @throws {EnqueueSaveError} When its own save is not a usable template, or it has none and the
 *   task's would save every page to one file.
 */
export function checkEnqueueSave(
  url: string,
  task: { name: string; save?: string },
  ownSave: string | undefined,
): void {
  const refuse = (problem: string, cause?: unknown): never => {
    throw new EnqueueSaveError(url, task.name, problem, cause);
  };
  if (ownSave !== undefined) {
    checkOwnSave(ownSave, refuse);
    return;
  }
  const save = task.save;
  // Not saved (the task's callback has the body); or standard output, which takes one body: a page
  // that comes second fails there, naming the fetch that has it (stdout_body.ts).
  if (save === undefined || isStdoutSave(save)) return;
  const own = "give ctx.enqueue a save of its own";
  if (highestPartPlaceholder(save) > 0) {
    refuse(
      `the task's save ${JSON.stringify(save)} uses a glob's {n}, and an enqueued URL matched no ` +
        `glob: ${own}`,
    );
  }
  if (!PER_PAGE.some((placeholder) => save.includes(placeholder))) {
    refuse(
      `the task's save ${JSON.stringify(save)} does not tell pages apart (it has no ` +
        `${PER_PAGE.join(", ")}): every page enqueued would replace the file before it, the ` +
        `task's own too; ${own}, or give the task a save with {path}`,
    );
  }
}

/** Refuses a save given to `ctx.enqueue` that cannot be used for an enqueued URL. */
function checkOwnSave(save: unknown, refuse: (problem: string, cause?: unknown) => never): void {
  // Not text (from JavaScript): the fetch would be sent, and fail only as it saves.
  if (typeof save !== "string") {
    refuse(`expected its save as a path template (text), got ${kindOfValue(save)}`);
  }
  if (isStdoutSave(save)) return; // refused as the fetch starts, with its URL (stdout_body.ts)
  const [problem] = validatePathTemplate(save);
  if (problem !== undefined) {
    // Its message names the template, the column and what is wrong.
    refuse(problem.message.charAt(0).toLowerCase() + problem.message.slice(1), problem);
  }
  if (highestPartPlaceholder(save) > 0) {
    refuse(
      `its save ${JSON.stringify(save)} uses a glob's {n}, and an enqueued URL matched no glob`,
    );
  }
}
