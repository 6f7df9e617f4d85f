/**
 * How long a worker's hold on its jobs lasts unless its heartbeat extends it. A module of its own,
 * with nothing to load, so that the command line names the default without loading the database
 * client.
 * @module
 */

/** A worker's lease when none is given (`corun worker --lease`): 30 seconds. */
export const DEFAULT_LEASE_MS = 30_000;
