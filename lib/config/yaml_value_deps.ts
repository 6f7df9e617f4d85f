/**
 * Deno std's YAML loader, which gives every YAML config its values. Apart from deps.ts so that only
 * YAML configs load it. Its loader is subclassed to count what aliases repeat
 * (`yaml_alias_budget.ts`); the version is pinned, and `yaml_alias_budget_test.ts` fails if the
 * loader's methods change.
 * @module
 */
import { LoaderState as StdLoaderState } from "npm:deno-std@1.4.0/yaml/_loader_state.js";

/** The parts of std's YAML loader that corun's subclass uses (the module ships no types). */
export interface YamlLoader {
  /** The 0-based line being read. */
  line: number;
  /** Anchor names to the values they name; std sets a new map for each document. */
  anchorMap: Map<string, unknown>;
  /** Reads an alias at the current position: the value it names, or undefined when there is none. */
  readAlias(): unknown;
  /** Each reads a collection, storing it under `anchor` before reading what is in it. */
  readBlockSequence(tag: unknown, anchor: string | null, ...rest: unknown[]): unknown;
  readBlockMapping(tag: unknown, anchor: string | null, ...rest: unknown[]): unknown;
  readFlowCollection(tag: unknown, anchor: string | null, ...rest: unknown[]): unknown;
  /** The documents of the text, in order. */
  readDocuments(options: { singleDocument?: boolean }): Generator<unknown>;
}

/** Std's YAML loader, whose methods a subclass may override. */
export const LoaderState = StdLoaderState as unknown as new (
  input: string,
  options: { allowDuplicateKeys?: boolean },
) => YamlLoader;
