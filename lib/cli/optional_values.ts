/**
 * Options whose value is optional (`--lock [mode]`), read the way a user means them: a separate word
 * after such a flag is its value only when it is one of the option's words (`--lock skip`), so
 * `corun run --lock tasks.yaml` locks in the implied mode and runs tasks.yaml (`args.ts` reads them
 * so). This file checks that every such option says what its words are.
 * @module
 */
import { shapeOf } from "./args_shape.ts";
import type { CommandSpec } from "./command.ts";

/**
 * Checks that every option with an optional value says which words it takes and what it means
 * alone, so none can swallow a positional argument. A command that does not is a programming error.
 *
 * @param commands The registry.
 * @throws {TypeError} Naming the command and option that lack them.
 */
export function checkOptionalValues(commands: readonly CommandSpec[]): void {
  for (const command of commands) {
    for (const option of command.options) {
      if (shapeOf(option).value !== "optional") continue;
      if (!option.valueWords?.length || option.impliedValue === undefined) {
        throw new TypeError(
          `corun ${command.name} ${option.flags}: an optional value needs valueWords and ` +
            "impliedValue",
        );
      }
    }
  }
}
