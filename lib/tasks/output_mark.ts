/**
 * The mark a run of a config read from a URL leaves in its output directory, `.corun/output-dir`:
 * such a config writes only into a folder that is new, empty or corun's own (lib/config
 * `url_config_paths.ts`), and a folder holding `.corun/` is corun's. The run history, state file and
 * `corun.jsonl` mark it too, but a run may keep none of them there (`metadata: false` and no state,
 * from `run()` or with `--virtual-time`, which record no history), and the next load of the URL
 * would refuse the folder it wrote. Left before the run's first file, so a killed run leaves it
 * too. A local config's run leaves none: its folder is not checked, and the user asked for no file.
 * @module
 */
import { messageOf } from "../loop/mod.ts";
import { ConfinedDir, writeAllSync } from "../sinks/mod.ts";
import { resolve } from "./deps.ts";
import { inOwnDirSync } from "./own_dir.ts";
import { OWN_DIR } from "./own_files.ts";
import type { ConfigSpec } from "./spec.ts";

/** The mark's path in the output directory: inside `.corun/`, where no task may save. */
const OUTPUT_MARK = `${OWN_DIR}/output-dir`;

/** What the mark says to whoever opens it. */
const MARK_TEXT = new TextEncoder().encode(
  "corun saves into the folder holding .corun/: it is an output directory of corun's.\n",
);

/**
 * The mark a run of `config` leaves in `outDir`: one for a config read from a URL, none otherwise.
 *
 * @param config The run's config.
 * @param outDir The run's output directory, absolute.
 * @param warn Told when the mark cannot be left.
 */
export function outputMarkOf(
  config: Pick<ConfigSpec, "fromUrl">,
  outDir: string,
  warn: (message: string) => void,
): OutputMark | undefined {
  return config.fromUrl ? new OutputMark(outDir, warn) : undefined;
}

/** One run's mark in its output directory, left once, when the run first writes there. */
export class OutputMark {
  readonly #outDir: string;
  readonly #warn: (message: string) => void;
  #left = false;

  /**
   * @param outDir The output directory, absolute.
   * @param warn Told when the mark cannot be left.
   */
  constructor(outDir: string, warn: (message: string) => void) {
    this.#outDir = outDir;
    this.#warn = warn;
  }

  /**
   * Leaves the mark, on the first call of the run; later calls do nothing. Never throws: the run's
   * own files do not depend on it, so a mark that cannot be left is a warning.
   */
  leave(): void {
    if (this.#left) return;
    this.#left = true;
    try {
      // A directory of its own: the output's sweeps temporaries where it steps, and `.corun/` is
      // not a folder of results.
      const within = ConfinedDir.openSync(this.#outDir);
      inOwnDirSync(() => {
        const file = within.openFileSync(OUTPUT_MARK, { write: true, create: true });
        try {
          // Never truncated: another run may be writing the same text into it.
          if (file.statSync().size === 0) writeAllSync(file, MARK_TEXT);
        } finally {
          file.close();
        }
      });
    } catch (error) {
      this.#warn(
        `Cannot leave corun's mark "${resolve(this.#outDir, OUTPUT_MARK)}": ${messageOf(error)}; ` +
          "a config read from a URL may refuse this output directory as a folder corun did not make",
      );
    }
  }
}
