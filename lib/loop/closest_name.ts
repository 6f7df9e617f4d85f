/**
 * "did you mean --json?": the known name closest to a mistyped one, when it is close enough to be the
 * likely intent. One helper for every layer that names what was meant: the command line's commands,
 * options and words, a save template's placeholders (lib/sinks); and the edit distance the config's
 * own "did you mean" counts with.
 * @module
 */

/**
 * Finds the known name a mistyped one most likely meant.
 *
 * @param typed What the user typed (`--jsn`).
 * @param known The names it could have been (`--json`, `--quiet` …).
 * @returns The one name that differs only in case (`RUN` → `run`), else the one name that starts
 *   with what was typed (three letters at least), else the closest name within a third of its
 *   length in edits (one edit at least), or undefined. A one-letter option (`-x`) is too short to
 *   guess from, but for its case (`-Q` → `-q`).
 * @example
 * ```ts
 * import { closestName } from "./closest_name.ts";
 * const guesses = [
 *   closestName("--jsno", ["--json", "--out"]), // "--json"
 *   closestName("hist", ["history", "plan"]), // "history"
 *   closestName("--frobnicate", ["--json", "--out"]), // undefined
 * ];
 * if (guesses.join() !== "--json,history,") throw new Error(`guessed ${guesses}`);
 * ```
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  // Caps Lock, or a habit from a case-blind system: `RUN`, `--JSON`.
  const sameLetters = known.filter((name) => name.toLowerCase() === typed.toLowerCase());
  if (sameLetters.length === 1) return sameLetters[0];
  const bare = typed.replace(/^-+/, "");
  if (bare.length < 2) return undefined;
  const extended = known.filter((name) => name.startsWith(typed));
  if (bare.length >= 3 && extended.length === 1) return extended[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(typed, name);
    const allowed = Math.max(1, Math.floor(name.replace(/^-+/, "").length / 3));
    if (distance <= allowed && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`: optimal string
 * alignment distance, Levenshtein plus swaps of adjacent characters.
 *
 * @example
 * ```ts
 * import { editDistance } from "./closest_name.ts";
 * if (editDistance("hots", "host") !== 1) throw new Error("a swap is one edit");
 * ```
 *
 * @param a One text.
 * @param b The other.
 * @returns The number of edits, case counting.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}
