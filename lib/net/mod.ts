/**
 * Connections over `Deno.connect` (TLS by `Deno.startTls` on it) as loop operations, directly or
 * through a forward proxy.
 *
 * Exports: {@linkcode connect}, {@linkcode Connection}, {@linkcode ByteReader}, {@linkcode NetError},
 * {@linkcode ProxyError}, and the proxy settings: {@linkcode parseProxyUrl},
 * {@linkcode readProxyEnvironment}, {@linkcode unreadableProxyBypass}, {@linkcode environmentProxyFor},
 * {@linkcode parseProxyBypass}, {@linkcode bypassesProxy}; and URLs without their credentials:
 * {@linkcode urlTextWithoutCredentials} (a URL as written), {@linkcode withoutCredentials},
 * {@linkcode redactCredentials}, {@linkcode hasUnencodedCredentials}, {@linkcode hasUrlScheme}; a config's
 * location as corun names it: {@linkcode shownLocation}; and what a
 * CA file must hold: {@linkcode caFileProblem}; `host:port` for messages: {@linkcode authorityOf};
 * where a URL connects: {@linkcode connectHostOf}, {@linkcode connectPortOf}, and the name its TCP
 * connection looks up: {@linkcode dialHostOf}.
 * @module
 */
export { authorityOf, connectHostOf, connectPortOf, dialHostOf } from "./authority.ts";
export { ByteReader, DEFAULT_READ_BUFFER_BYTES } from "./byte_reader.ts";
export { caFileProblem, MAX_CA_FILE_BYTES, readCaFile, readCaFileSync } from "./ca_file.ts";
export {
  connect,
  type ConnectLimit,
  type ConnectOptions,
  type ConnectPhase,
  type ConnectTimings,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_TLS_TIMEOUT_MS,
  nameConnectOption,
  type TlsOptions,
} from "./connect.ts";
export { Connection } from "./connection.ts";
export { isNotPermitted, NetError, type NetErrorCode } from "./errors.ts";
export { envIfAllowed, mayReadEnv } from "./env_var.ts";
export { hostnameIfAllowed } from "./host_name.ts";
export {
  bypassesProxy,
  parseProxyBypass,
  type ProxyBypass,
  proxyBypassProblem,
} from "./proxy_bypass.ts";
export {
  environmentProxyFor,
  NO_PROXY_ENVIRONMENT,
  type ProxyEnvironment,
  proxyEnvironmentFrom,
  readProxyEnvironment,
  unreadableProxyBypass,
} from "./proxy_env.ts";
export { proxyAuthProblem, ProxyError, type ProxyErrorCode } from "./proxy_error.ts";
export {
  DEFAULT_PROXY_PORT,
  isUrlShaped,
  parseProxyUrl,
  type ProxyEndpoint,
  proxyLabel,
  redactDatabaseUrl,
} from "./proxy_url.ts";
export {
  carriesCredentials,
  CREDENTIALS_NOT_ENCODED,
  CREDENTIALS_NOT_SENT,
  CREDENTIALS_PATTERN,
  credentialsRefusal,
  hasCredentials,
  hasUnencodedCredentials,
  hasUrlScheme,
  redactCredentials,
  urlTextWithoutCredentials,
  withoutCredentials,
  type WithoutCredentialsOptions,
} from "./url_credentials.ts";
export { hasOriginPrefix, originPrefixOf } from "./origin_prefix.ts";
export { shownLocation } from "./shown_location.ts";
export { statusWithReason } from "./status_reason.ts";
