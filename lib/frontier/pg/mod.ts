/**
 * The shared frontier on PostgreSQL (`corun worker`, `submit`, `schedule --db`, `status`, `db`): the
 * {@linkcode PgFrontier} a worker takes its fetches from, the {@linkcode PgStore} that holds every
 * statement, the migrations, and the result log. Loaded only by those commands: nobody needs a
 * database to run a config.
 * @module
 */
export { type CancelCounts, cancelQueue } from "./cancel.ts";
export { migrate, SCHEMA_VERSION } from "./migrations.ts";
export { type PayloadCodec, PgFrontier, type PgFrontierOptions } from "./pg_frontier.ts";
export { type PruneCounts, pruneDatabase } from "./prune.ts";
export { PgResultLog, type PgResultLogOptions } from "./result_log.ts";
export {
  type ClaimedJob,
  type HeldSave,
  type NewJob,
  type OpenWork,
  type Outcomes,
  PgStore,
  type PgStoreOptions,
  postgresClient,
  type SaveClaim,
  type StoredOriginRule,
} from "./store.ts";
export { queueNames, queuesIfUnknown, type QueueStatus, queueStatus } from "./status.ts";
