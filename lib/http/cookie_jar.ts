/**
 * An RFC 6265 cookie jar for corun's client: the storage model (§5.3) with RFC 6265bis's rules for
 * Secure cookies, the `__Secure-` / `__Host-` prefixes and the 400-day cap on an expiry, and the
 * Cookie header (§5.4).
 *
 * corun is not a browser, so some browser rules have nothing to act on: HttpOnly is stored (and
 * saved) but every request is an HTTP request; SameSite is stored but never decides what is sent,
 * since a request has no "site" it comes from.
 * @module
 */
import { brandClass } from "../loop/mod.ts";
import {
  canonicalDomain,
  defaultCookiePath,
  domainMatches,
  isIpAddress,
  pathMatches,
} from "./cookie_match.ts";
import { parseSetCookie } from "./cookie_parse.ts";
import { type IsPublicSuffix, loadPublicSuffixes } from "./cookie_public_suffix.ts";
import { ExpiryQueue } from "./cookie_expiry.ts";
import { LruMap } from "./lru_map.ts";
import {
  CookieFileError,
  MAX_COOKIE_FILE_BYTES,
  readCookieFile,
  writeCookieFile,
} from "./cookie_file.ts";
import type { HttpRequest } from "./request.ts";
import { headerBytes } from "./request_head.ts";
import { isSecureOrigin } from "./secure_origin.ts";

/**
 * Most cookies kept for one domain; past it the least recently used of that domain goes. Chrome's
 * and Firefox's limit: RFC 6265 §6.1's 50 is the least a client should keep, and sites that set
 * many (analytics, single sign-on) count on more.
 */
export const MAX_COOKIES_PER_DOMAIN = 180;

/** Most cookies kept in one jar; past it the least recently used goes (Firefox's limit). */
export const MAX_COOKIES = 3000;

/**
 * The longest a cookie is kept from when it was set: 400 days (RFC 6265bis §5.6.1 and §5.6.2, as
 * Chrome keeps), however far its Max-Age or Expires reaches. A jar kept between runs so never holds
 * a cookie for good; a server that sets it again within the 400 days keeps it going.
 */
export const MAX_COOKIE_AGE_MS = 400 * 24 * 60 * 60 * 1000;

/** Which limit made a jar drop a cookie: its domain's, or the jar's. */
export type CookieLimit = "domain" | "jar";

/** One stored cookie (RFC 6265 §5.3). */
export interface Cookie {
  /** The cookie's name, as the bytes the server sent: one character per byte (`decodeLatin1`). */
  name: string;
  /** The cookie's value, as the bytes the server sent (one character per byte): sent back as them. */
  value: string;
  /** The host it was set by (host-only), or its Domain attribute, canonical. */
  domain: string;
  /** Sent only to `domain` itself, not to its subdomains: it was set without a Domain attribute. */
  hostOnly: boolean;
  /** Sent only to URLs under this path (RFC 6265 §5.1.4). */
  path: string;
  /** When it expires, in epoch milliseconds; absent for a session cookie (no Max-Age or Expires). */
  expiresMs?: number;
  /** Sent only to a secure origin: https, or http to the loopback host (see `isSecureOrigin`). */
  secure: boolean;
  /** Stored and saved; it changes nothing for corun, whose every request is an HTTP request. */
  httpOnly: boolean;
  /** As the server sent it; never decides what is sent (see the module's comment). */
  sameSite?: string;
  /** When it was first set (a replacement keeps it), in epoch milliseconds. */
  createdMs: number;
  /** When it was last set or sent, in epoch milliseconds; the least recent is evicted first. */
  lastAccessMs: number;
}

/** A cookie with the order it was created in, which breaks ties of `createdMs`. */
interface StoredCookie extends Cookie {
  order: number;
  /** Its key among its domain's cookies (path, name), made once: a cookie sent is moved by it. */
  readonly pathKey: string;
  /** Its key in the jar ({@linkcode identityOf}), made once likewise. */
  readonly identity: string;
}

/** A cookie as the jar keeps it: its creation order, and its keys made once. */
/**
 * A cookie of a jar file kept to at most {@linkcode MAX_COOKIE_AGE_MS} from now, as one set now is: a
 * file an older corun, curl or a hand wrote may hold one for years.
 */
function cappedAt(cookie: Cookie, nowMs: number): Cookie {
  const latest = nowMs + MAX_COOKIE_AGE_MS;
  return cookie.expiresMs !== undefined && cookie.expiresMs > latest
    ? { ...cookie, expiresMs: latest }
    : cookie;
}

function storedCookie(cookie: Cookie, order: number): StoredCookie {
  return {
    ...cookie,
    order,
    pathKey: cookie.path + "\t" + cookie.name,
    identity: identityOf(cookie),
  };
}

/** Options of {@linkcode CookieJar}. */
export interface CookieJarOptions {
  /** Most cookies kept for one domain. @default {@linkcode MAX_COOKIES_PER_DOMAIN} */
  maxPerDomain?: number;
  /** Most cookies kept in the jar. @default {@linkcode MAX_COOKIES} */
  maxCookies?: number;
  /**
   * Largest jar file read by {@linkcode CookieJar.load} and written by {@linkcode CookieJar.save}
   * (a config's `maxCookieJarSize`). @default {@linkcode MAX_COOKIE_FILE_BYTES}
   */
  maxFileBytes?: number;
  /**
   * Told the first time the jar drops an unexpired cookie of a domain to keep within a limit (once
   * per domain: a login's session may be among what goes, and a drop should never go unsaid).
   * @default none
   */
  onDrop?: (domain: string, limit: CookieLimit) => void;
}

/**
 * Cookies received over HTTP, chosen per request URL. Times are epoch milliseconds passed by the
 * caller, so that expiry follows the caller's clock.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { CookieJar } from "@corun/corun";
 * const jar = await CookieJar.create();
 * const now = Date.now();
 * jar.setCookie("sid=1; Path=/; HttpOnly", new URL("https://example.com/login"), now);
 * assertEquals(jar.cookieHeader(new URL("https://example.com/files/a"), now), "sid=1");
 * ```
 */
export class CookieJar {
  static {
    // A jar a TypeScript config made with its own copy of mod.ts is one to `ctx.fetch`'s check.
    brandClass(this, "CookieJar");
  }

  readonly #isPublicSuffix: IsPublicSuffix;
  readonly #maxPerDomain: number;
  readonly #maxCookies: number;
  readonly #maxFileBytes: number;
  readonly #onDrop: ((domain: string, limit: CookieLimit) => void) | undefined;
  /** Domains whose drop `onDrop` was told. */
  readonly #dropsTold = new Set<string>();
  /**
   * Cookies by domain, then by `path` + TAB + `name` (the identity of §5.3 step 11), each domain's
   * least recently set or sent first: a full domain drops its oldest.
   */
  readonly #byDomain = new Map<string, LruMap<StoredCookie>>();
  /** Every cookie by {@linkcode identityOf}, least recently set or sent first: a full jar drops it. */
  readonly #byUse = new LruMap<StoredCookie>();
  /** The cookies with an expiry, soonest first (see {@linkcode ExpiryQueue}). */
  readonly #expiries = new ExpiryQueue<StoredCookie>();
  /** The Secure cookies by name: what an http cookie of that name must not shadow. */
  readonly #secureByName = new Map<string, Set<StoredCookie>>();
  #nextOrder = 0;
  /** The file {@linkcode CookieJar.load} read: saving back to it keeps other runs' changes. */
  #loadedFrom: string | undefined;
  /**
   * Identities (see {@linkcode identityOf}) that Set-Cookie stored or deleted here; kept only for a
   * jar loaded from a file, the one place they are read (a save back to that file).
   */
  #changed: Set<string> | undefined;
  /** How many cookies of the file {@linkcode CookieJar.load} read were left out by the limits. */
  #leftOutAtLoad = 0;

  /**
   * An empty jar that asks `isPublicSuffix` whether a Domain attribute names a public suffix (such
   * cookies are refused); {@linkcode CookieJar.create} uses the public suffix list.
   *
   * @param isPublicSuffix The public suffix test (see `loadPublicSuffixes`).
   * @param options Limits.
   */
  constructor(isPublicSuffix: (domain: string) => boolean, options: CookieJarOptions = {}) {
    this.#isPublicSuffix = isPublicSuffix;
    this.#maxPerDomain = options.maxPerDomain ?? MAX_COOKIES_PER_DOMAIN;
    this.#maxCookies = options.maxCookies ?? MAX_COOKIES;
    this.#maxFileBytes = options.maxFileBytes ?? MAX_COOKIE_FILE_BYTES;
    this.#onDrop = options.onDrop;
  }

  /**
   * An empty jar, with the public suffix list loaded.
   *
   * @param options Limits.
   * @returns The jar.
   */
  static async create(options: CookieJarOptions = {}): Promise<CookieJar> {
    return new CookieJar(await loadPublicSuffixes(), options);
  }

  /**
   * A jar with the cookies of a file written by {@linkcode save}; a missing file is an empty jar
   * (the first run that persists its cookies). Cookies expired by `nowMs` are left out, and so are
   * the least recently used of a file holding more than the limits keep (counted in
   * {@linkcode leftOutAtLoad}; `onDrop` is not told: no site set them now).
   *
   * @param path The jar file.
   * @param nowMs The time now, in epoch milliseconds.
   * @param options Limits.
   * @returns The jar.
   * @throws {CookieFileError} When the file is not a jar file, or is larger than `maxFileBytes`
   *   (names the file, and the line or field).
   */
  static async load(
    path: string,
    nowMs: number = Date.now(),
    options: CookieJarOptions = {},
  ): Promise<CookieJar> {
    const jar = await CookieJar.create(options);
    jar.#loadedFrom = path;
    jar.#changed = new Set();
    const cookies = await readCookieFile(path, jar.#maxFileBytes);
    if (cookies === null) return jar;
    // Creation order decides the Cookie header's order among cookies of equal path length.
    cookies.sort((a, b) => a.createdMs - b.createdMs);
    const live: StoredCookie[] = [];
    for (const cookie of cookies) {
      if (!isExpired(cookie, nowMs)) {
        live.push(storedCookie(cappedAt(cookie, nowMs), jar.#nextOrder++));
      }
    }
    // Stored in the order of use, then cut to the limits once: a large file loads in linear time.
    live.sort((a, b) => a.lastAccessMs - b.lastAccessMs || a.order - b.order);
    for (const cookie of live) jar.#place(cookie);
    jar.#leftOutAtLoad = jar.#trimLoaded();
    return jar;
  }

  /**
   * How many unexpired cookies of the file {@linkcode CookieJar.load} read were left out, the least
   * recently used, to keep within `maxPerDomain` and `maxCookies`; a save leaves them out of the
   * file too. 0 for a jar not loaded from a file.
   */
  get leftOutAtLoad(): number {
    return this.#leftOutAtLoad;
  }

  /**
   * Writes every cookie not expired by `nowMs` to `path`, session cookies included (as curl's
   * `--cookie-jar` does: a login's session cookie is what the next run needs). The file is written
   * beside `path` and renamed over it, readable by its owner only. Cookies that would take it past
   * `maxFileBytes` are left out, the least recently set or sent first, and counted.
   *
   * Saved to the file it was loaded from, the jar writes only what its own Set-Cookies changed over
   * the file as it is now (see {@linkcode CookieJar.cookiesOver}): a run that overlapped this one
   * and saved first keeps its cookies. This save takes no lock: one that another process makes
   * between its read and its rename is lost. corun's runs save through `saveCookieJar` (tasks),
   * which holds the file's lock from the read to the rename.
   *
   * @param path The jar file.
   * @param nowMs The time now, in epoch milliseconds.
   * @returns How many cookies were left out to keep the file within `maxFileBytes`.
   */
  async save(path: string, nowMs: number = Date.now()): Promise<number> {
    let onDisk: Cookie[] | null = null;
    if (path === this.#loadedFrom) {
      try {
        onDisk = await readCookieFile(path, this.#maxFileBytes);
      } catch (error) {
        if (!(error instanceof CookieFileError)) throw error;
      }
    }
    return await writeCookieFile(path, this.cookiesOver(path, onDisk, nowMs), this.#maxFileBytes);
  }

  /** The largest jar file this jar reads and writes, in bytes (`maxFileBytes`). */
  get maxFileBytes(): number {
    return this.#maxFileBytes;
  }

  /**
   * The cookies to write to `path`, which holds `onDisk` now. To the file the jar was loaded from:
   * the file's cookies with this jar's changes applied (its Set-Cookies since the load), so cookies
   * another run saved meanwhile stay; to any other file, or over one that is missing or no jar
   * (`onDisk` null): every cookie of this jar. Cookies expired by `nowMs` are left out. A file's
   * cookie this jar sent since keeps the later of the two use times, so that a save over the cap
   * (and the next load's limits) keeps what this run used.
   *
   * @param path The jar file to write.
   * @param onDisk What it holds now; null when it is missing, empty or not a jar.
   * @param nowMs The time now, in epoch milliseconds.
   * @returns The cookies, in creation order.
   * @example
   * ```ts
   * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
   * import { CookieJar } from "@corun/corun";
   * const jar = await CookieJar.create();
   * jar.setCookie("sid=1", new URL("https://example.com/"), 0);
   * assertEquals(jar.cookiesOver("jar.json", null, 0).map((cookie) => cookie.name), ["sid"]);
   * ```
   */
  cookiesOver(path: string, onDisk: readonly Cookie[] | null, nowMs: number): Cookie[] {
    const ours = this.cookies(nowMs);
    if (path !== this.#loadedFrom || onDisk === null) return ours;
    const changed = (cookie: Cookie) => this.#changed?.has(identityOf(cookie)) ?? false;
    const used = new Map(ours.map((cookie) => [identityOf(cookie), cookie.lastAccessMs]));
    const kept = onDisk.filter((cookie) => !changed(cookie) && !isExpired(cookie, nowMs))
      .map((onDisk) => {
        const cookie = cappedAt(onDisk, nowMs);
        const lastAccessMs = Math.max(cookie.lastAccessMs, used.get(identityOf(cookie)) ?? 0);
        return lastAccessMs === cookie.lastAccessMs ? cookie : { ...cookie, lastAccessMs };
      });
    return [...kept, ...ours.filter(changed)].sort((a, b) => a.createdMs - b.createdMs);
  }

  /** How many cookies the jar holds (some may have expired since they were last looked at). */
  get size(): number {
    return this.#byUse.size;
  }

  /**
   * Every cookie not expired by `nowMs`, in creation order (copies).
   *
   * @param nowMs The time now, in epoch milliseconds.
   * @returns The cookies.
   */
  cookies(nowMs: number): Cookie[] {
    const all: StoredCookie[] = [];
    for (const cookies of this.#byDomain.values()) {
      for (const cookie of cookies.values()) {
        if (!isExpired(cookie, nowMs)) all.push(cookie);
      }
    }
    all.sort(byCreation);
    return all.map(({ order: _, pathKey: _key, identity: _identity, ...cookie }) => cookie);
  }

  /**
   * Stores every Set-Cookie value of a response.
   *
   * @param headers The Set-Cookie values, in the order received.
   * @param url The URL of the request the response answers.
   * @param nowMs The time now, in epoch milliseconds.
   */
  setCookies(headers: readonly string[], url: URL, nowMs: number): void {
    for (const header of headers) this.setCookie(header, url, nowMs);
  }

  /**
   * Stores one Set-Cookie value received for `url`, by the rules of RFC 6265 §5.3: a cookie that
   * those rules ignore (malformed, a Domain that does not cover the host or is a public suffix, a
   * Secure cookie from http to a host other than loopback, a broken `__Host-` or `__Secure-`
   * prefix) changes nothing; one that has already expired deletes the cookie it replaces.
   *
   * @param header The Set-Cookie value.
   * @param url The URL of the request the response answers.
   * @param nowMs The time now, in epoch milliseconds.
   * @returns Whether the jar changed (a cookie stored or deleted).
   */
  setCookie(header: string, url: URL, nowMs: number): boolean {
    const parsed = parseSetCookie(header);
    if (parsed === null) return false;
    const host = url.hostname;
    const secureRequest = isSecureOrigin(url);

    let domain = host;
    let hostOnly = true;
    if (parsed.domain !== undefined) {
      const canonical = canonicalDomain(parsed.domain);
      if (canonical === null) return false;
      // §5.3 step 5: a public suffix is only acceptable as the request host itself, host-only.
      if (this.#isPublicSuffix(canonical)) {
        if (canonical !== host) return false;
      } else {
        if (!domainMatches(host, canonical)) return false;
        domain = canonical;
        hostOnly = false;
      }
    }
    // RFC 6265bis: a Secure cookie can only be set from a secure origin (loopback http is one).
    if (parsed.secure && !secureRequest) return false;
    if (!prefixAllows(parsed.name, parsed, secureRequest)) return false;

    const path = parsed.path ?? defaultCookiePath(url.pathname);
    // RFC 6265bis §5.7 step 16: http must not overwrite (shadow) a Secure cookie.
    if (!parsed.secure && !secureRequest && this.#shadowsSecure(parsed.name, domain, path)) {
      return false;
    }

    let expiresMs: number | undefined;
    if (parsed.maxAgeSeconds !== undefined) {
      // Max-Age wins over Expires, wherever each stands in the header (§5.3 step 3).
      expiresMs = parsed.maxAgeSeconds <= 0 ? -Infinity : nowMs + parsed.maxAgeSeconds * 1000;
    } else if (parsed.expiresMs !== undefined) {
      expiresMs = parsed.expiresMs;
    }
    // RFC 6265bis §5.6.1/§5.6.2: no cookie lives longer than MAX_COOKIE_AGE_MS from its setting.
    if (expiresMs !== undefined) expiresMs = Math.min(expiresMs, nowMs + MAX_COOKIE_AGE_MS);

    const key = path + "\t" + parsed.name;
    const existing = this.#byDomain.get(domain)?.get(key);
    if (expiresMs !== undefined && expiresMs <= nowMs) {
      // An expiry in the past is how a server deletes a cookie (in the file too, when saved).
      this.#changed?.add(identityOf({ domain, path, name: parsed.name }));
      if (existing === undefined) return false;
      this.#remove(existing);
      return true;
    }
    const cookie: Cookie = {
      name: parsed.name,
      value: parsed.value,
      domain,
      hostOnly,
      path,
      secure: parsed.secure,
      httpOnly: parsed.httpOnly,
      createdMs: existing?.createdMs ?? nowMs,
      lastAccessMs: nowMs,
    };
    if (expiresMs !== undefined) cookie.expiresMs = expiresMs;
    if (parsed.sameSite !== undefined) cookie.sameSite = parsed.sameSite;
    const stored = storedCookie(cookie, existing?.order ?? this.#nextOrder++);
    this.#insert(stored, nowMs);
    this.#changed?.add(stored.identity);
    return true;
  }

  /**
   * The Cookie header for a request to `url` (RFC 6265 §5.4): cookies whose domain and path cover
   * it, Secure ones only to a secure origin (https, or http to the loopback host: `isSecureOrigin`),
   * longer paths first and then those created earlier. Expired cookies met on the way are removed;
   * those sent count as used.
   *
   * @param url The request URL.
   * @param nowMs The time now, in epoch milliseconds.
   * @returns `name=value` pairs joined with `"; "`, or `""` when no cookie applies: the bytes
   *   servers sent, one character per byte, to be sent as they are (see {@linkcode withJarCookies}).
   */
  cookieHeader(url: URL, nowMs: number): string {
    if (this.#byUse.size === 0) return "";
    const host = url.hostname;
    const secureRequest = isSecureOrigin(url);
    const chosen: StoredCookie[] = [];
    for (const domain of coveringDomains(host)) {
      const cookies = this.#byDomain.get(domain);
      if (cookies === undefined) continue;
      for (const cookie of cookies.toArray()) {
        if (isExpired(cookie, nowMs)) {
          this.#remove(cookie);
          continue;
        }
        if (cookie.hostOnly && cookie.domain !== host) continue;
        if (cookie.secure && !secureRequest) continue;
        if (!pathMatches(url.pathname, cookie.path)) continue;
        chosen.push(cookie);
      }
    }
    if (chosen.length === 0) return "";
    // Sent ones count as used: to the end of the order of use, the earlier created first.
    chosen.sort(byCreation);
    for (const cookie of chosen) {
      cookie.lastAccessMs = nowMs;
      // Stored already: moved to the end of both orders by the keys it keeps, nothing else.
      this.#byDomain.get(cookie.domain)!.use(cookie.pathKey, cookie);
      this.#byUse.use(cookie.identity, cookie);
    }
    chosen.sort((a, b) => b.path.length - a.path.length || byCreation(a, b));
    return chosen.map((cookie) => cookie.name + "=" + cookie.value).join("; ");
  }

  /** Stores a cookie (replacing the one with its identity), then enforces the limits. */
  #insert(cookie: StoredCookie, nowMs: number): void {
    this.#place(cookie);
    const ofDomain = this.#byDomain.get(cookie.domain)!;
    if (ofDomain.size <= this.#maxPerDomain && this.#byUse.size <= this.#maxCookies) return;
    // §5.3 step 12: expired cookies go first, then the least recently used of the full domain or jar.
    for (const expired of this.#expiries.takeExpired(nowMs)) {
      if (this.#isStored(expired)) this.#remove(expired);
    }
    while (ofDomain.size > this.#maxPerDomain) this.#drop(ofDomain.oldest()!, "domain");
    while (this.#byUse.size > this.#maxCookies) this.#drop(this.#byUse.oldest()!, "jar");
  }

  /**
   * Stores a cookie, or stores it again, as the most recently used: last in its domain's map and in
   * {@linkcode #byUse}. A cookie of the same identity is replaced.
   */
  #place(cookie: StoredCookie): void {
    let cookies = this.#byDomain.get(cookie.domain);
    if (cookies === undefined) {
      cookies = new LruMap();
      this.#byDomain.set(cookie.domain, cookies);
    }
    const replaced = this.#byUse.get(cookie.identity);
    cookies.use(cookie.pathKey, cookie);
    this.#byUse.use(cookie.identity, cookie);
    if (replaced === cookie) return; // only used again: it is indexed already
    if (replaced !== undefined) this.#unindexSecure(replaced);
    if (cookie.secure) {
      const named = this.#secureByName.get(cookie.name);
      if (named === undefined) this.#secureByName.set(cookie.name, new Set([cookie]));
      else named.add(cookie);
    }
    this.#expiries.add(cookie);
    // Entries of replaced and removed cookies: rebuilt before they outnumber the live ones.
    if (this.#expiries.length > 2 * this.#byUse.size + 64) {
      this.#expiries.rebuild(this.#byUse.values());
    }
  }

  /** Whether `cookie` is the one stored (not replaced or removed since). */
  #isStored(cookie: StoredCookie): boolean {
    return this.#byUse.get(cookie.identity) === cookie;
  }

  #remove(cookie: StoredCookie): void {
    const cookies = this.#byDomain.get(cookie.domain);
    cookies?.delete(cookie.pathKey);
    if (cookies?.size === 0) this.#byDomain.delete(cookie.domain);
    this.#byUse.delete(cookie.identity);
    this.#unindexSecure(cookie);
  }

  #unindexSecure(cookie: StoredCookie): void {
    if (!cookie.secure) return;
    const named = this.#secureByName.get(cookie.name);
    named?.delete(cookie);
    if (named?.size === 0) this.#secureByName.delete(cookie.name);
  }

  /**
   * Removes a live cookie to keep within `limit`, telling `onDrop` of its domain's first. The drop
   * is a change, so a save leaves it out of the file too (it would come back at the next load).
   */
  #drop(cookie: StoredCookie, limit: CookieLimit): void {
    this.#leaveOut(cookie);
    if (this.#onDrop === undefined || this.#dropsTold.has(cookie.domain)) return;
    this.#dropsTold.add(cookie.domain);
    this.#onDrop(cookie.domain, limit);
  }

  /** Removes a cookie the limits do not keep, and from the file at the next save. */
  #leaveOut(cookie: StoredCookie): void {
    this.#remove(cookie);
    this.#changed?.add(cookie.identity);
  }

  /**
   * Cuts a jar just loaded to its limits, the least recently used first, once for the whole file.
   * @returns How many cookies were left out.
   */
  #trimLoaded(): number {
    const before = this.#byUse.size;
    for (const cookies of this.#byDomain.values()) {
      while (cookies.size > this.#maxPerDomain) this.#leaveOut(cookies.oldest()!);
    }
    while (this.#byUse.size > this.#maxCookies) this.#leaveOut(this.#byUse.oldest()!);
    return before - this.#byUse.size;
  }

  /** Whether a Secure cookie of that name would be overwritten or shadowed by an http one. */
  #shadowsSecure(name: string, domain: string, path: string): boolean {
    for (const cookie of this.#secureByName.get(name) ?? []) {
      if (
        (domainMatches(cookie.domain, domain) || domainMatches(domain, cookie.domain)) &&
        pathMatches(path, cookie.path)
      ) return true;
    }
    return false;
  }
}

/** The domains a cookie sent to `host` can be stored under: the host and, for a name, its parents. */
function coveringDomains(host: string): string[] {
  if (isIpAddress(host)) return [host];
  const domains = [host];
  for (let dot = host.indexOf("."); dot !== -1; dot = host.indexOf(".", dot + 1)) {
    domains.push(host.slice(dot + 1));
  }
  return domains;
}

/** RFC 6265bis §4.1.3: the name prefixes `__Secure-` and `__Host-` promise how a cookie was set. */
function prefixAllows(
  name: string,
  cookie: { secure: boolean; domain?: string; path?: string },
  secureRequest: boolean,
): boolean {
  const lower = name.slice(0, 9).toLowerCase();
  if (lower.startsWith("__secure-")) return cookie.secure && secureRequest;
  if (lower.startsWith("__host-")) {
    return cookie.secure && secureRequest && cookie.domain === undefined && cookie.path === "/";
  }
  return true;
}

/** What tells cookies apart (RFC 6265 §5.3 step 11): a new one with the same replaces the old. */
function identityOf(cookie: Pick<Cookie, "domain" | "path" | "name">): string {
  return cookie.domain + "\t" + cookie.path + "\t" + cookie.name;
}

function isExpired(cookie: Cookie, nowMs: number): boolean {
  return cookie.expiresMs !== undefined && cookie.expiresMs <= nowMs;
}

function byCreation(a: StoredCookie, b: StoredCookie): number {
  return a.createdMs - b.createdMs || a.order - b.order;
}

/**
 * A request with a jar's cookies added: after a Cookie header the caller set (whose cookies stay
 * first), or as a new `Cookie` header. The jar's cookies are bytes servers sent, so the header is
 * one of the request's `receivedHeaders` (it goes as those bytes), with the caller's own part as
 * the bytes it is sent as alone ({@linkcode headerBytes}: UTF-8, for a config's text).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { withJarCookies } from "./cookie_jar.ts";
 * const request = withJarCookies({ url: "https://x.org/", headers: { cookie: "l=ü" } }, "s=\xe9");
 * assertEquals(request.headers, { cookie: "l=\xc3\xbc; s=\xe9" });
 * assertEquals(request.receivedHeaders, ["cookie"]);
 * ```
 *
 * @param request The request (not changed).
 * @param jarCookies The jar's Cookie header for the request's URL; `""` adds nothing.
 * @returns The request to send.
 */
export function withJarCookies(request: HttpRequest, jarCookies: string): HttpRequest {
  if (jarCookies === "") return request;
  const headers = { ...request.headers };
  const received = request.receivedHeaders ?? [];
  const isCookie = (name: string) => name.toLowerCase() === "cookie";
  const name = Object.keys(headers).find(isCookie) ?? "Cookie";
  const own = headerBytes(headers[name] ?? "", received.some(isCookie));
  headers[name] = own === "" ? jarCookies : `${own}; ${jarCookies}`;
  return { ...request, headers, receivedHeaders: [...received, name] };
}
