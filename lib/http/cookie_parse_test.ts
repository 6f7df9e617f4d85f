import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  MAX_COOKIE_BYTES,
  parseCookieDate,
  parseSetCookie,
  redactSetCookie,
} from "./cookie_parse.ts";

Deno.test("a Set-Cookie value gives its name, value and attributes, names in any case", () => {
  assertEquals(
    parseSetCookie(
      " sid = a=b ; PATH=/app ; domain=.Example.COM; Max-Age=60; secure; HTTPONLY; SameSite=Lax",
    ),
    {
      name: "sid",
      value: "a=b",
      path: "/app",
      domain: "example.com",
      maxAgeSeconds: 60,
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
    },
  );
  // Double quotes are part of the value (RFC 6265 §4.1.1), and an attribute seen twice: the last wins.
  assertEquals(parseSetCookie('q="x y"; Path=/a; Path=/b'), {
    name: "q",
    value: '"x y"',
    path: "/b",
    secure: false,
    httpOnly: false,
  });
});

Deno.test("a Set-Cookie value without =, without a name, with a control byte or too big is ignored", () => {
  for (
    const header of [
      "justtext",
      "=value",
      " =value; Path=/",
      "a=b\x01c",
      "a=b\rc",
      `a=${"x".repeat(MAX_COOKIE_BYTES)}`,
    ]
  ) {
    assertEquals(parseSetCookie(header), null, JSON.stringify(header.slice(0, 20)));
  }
  assertEquals(parseSetCookie(`a=${"x".repeat(MAX_COOKIE_BYTES - 1)}`)?.value.length, 4095);
  // An empty value is a cookie (servers clear values that way).
  assertEquals(parseSetCookie("a=")?.value, "");
});

Deno.test("attributes that cannot be read are left out, not the cookie", () => {
  const cookie = parseSetCookie(
    "a=1; Max-Age=10s; Expires=soon; Domain=; Path=relative; Unknown=x; Max-Age=+5",
  );
  assertEquals(cookie, { name: "a", value: "1", secure: false, httpOnly: false });
  assertEquals(parseSetCookie("a=1; Max-Age=-3")?.maxAgeSeconds, -3);
  assertEquals(parseSetCookie(`a=1; Path=/${"p".repeat(1024)}`)?.path, undefined);
  // A later Path that does not start with "/" undoes an earlier one: the default path applies.
  assertEquals(parseSetCookie("a=1; Path=/x; Path=y")?.path, undefined);
});

Deno.test("Expires is read in every date format servers send (RFC 6265 §5.1.1)", () => {
  const june9 = Date.UTC(2021, 5, 9, 10, 18, 14);
  for (
    const text of [
      "Wed, 09 Jun 2021 10:18:14 GMT",
      "Wednesday, 09-Jun-21 10:18:14 GMT",
      "Wed Jun  9 10:18:14 2021",
      "09 June 2021 10:18:14",
      "Wed, 09-Jun-2021 10:18:14 UTC",
    ]
  ) {
    assertEquals(parseCookieDate(text), june9, text);
  }
  assertEquals(parseCookieDate("Thu, 01 Jan 70 00:00:00 GMT"), 0);
  assertEquals(parseCookieDate("Sat, 01 Jan 69 00:00:00 GMT"), Date.UTC(2069, 0, 1));
  assertEquals(parseSetCookie("a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT")?.expiresMs, june9);
});

Deno.test("a date that is not a date is no Expires", () => {
  for (
    const text of [
      "",
      "tomorrow",
      "Wed, 31 Feb 2021 10:18:14 GMT",
      "Wed, 09 Jun 2021 24:00:00 GMT",
      "Wed, 09 Jun 2021 10:60:00 GMT",
      "Wed, 32 Jun 2021 10:18:14 GMT",
      "Mon, 01 Jan 1600 00:00:00 GMT",
      "Wed, 09 Foo 2021 10:18:14 GMT",
      "Wed, 09 Jun 2021",
    ]
  ) {
    assertEquals(parseCookieDate(text), null, text);
  }
  assertEquals(parseSetCookie("a=1; Expires=Wed, 31 Feb 2021 10:18:14 GMT")?.expiresMs, undefined);
});

Deno.test("a name and value past ASCII are kept as the bytes read, UTF-8 or not, to go back as sent", () => {
  // The head parser gives one character per byte: "é" in UTF-8 arrives as "\xc3\xa9".
  const utf8 = parseSetCookie("n\xc3\xa9=caf\xc3\xa9; Path=/");
  assertEquals([utf8?.name, utf8?.value], ["n\xc3\xa9", "caf\xc3\xa9"]);
  assertEquals(parseSetCookie("name=caf\xe9")?.value, "caf\xe9");
});

Deno.test("a redacted Set-Cookie keeps the name and attributes, never the value", () => {
  assertEquals(redactSetCookie("sid=abc; Path=/; HttpOnly"), "sid=[redacted]; Path=/; HttpOnly");
  assertEquals(redactSetCookie("sid=abc"), "sid=[redacted]");
  assertEquals(redactSetCookie("sid=; Max-Age=0"), "sid=; Max-Age=0");
  assertEquals(redactSetCookie("secret; Path=/"), "[redacted]; Path=/");
});

Deno.test("a Set-Cookie line that folds several cookies with commas has every value redacted", () => {
  // Some servers and proxies join Set-Cookie fields into one line; dates keep their commas.
  assertEquals(
    redactSetCookie(
      "a=s3cret; Path=/; Expires=Wed, 09 Jun 2100 10:18:14 GMT, b=t0ken; Path=/; HttpOnly",
    ),
    "a=[redacted]; Path=/; Expires=Wed, 09 Jun 2100 10:18:14 GMT, b=[redacted]; Path=/; HttpOnly",
  );
  assertEquals(
    redactSetCookie("a=s3cret, b=t0ken,c = k3y"),
    "a=[redacted], b=[redacted],c =[redacted]",
  );
  assertEquals(
    redactSetCookie("sid=abc; Expires=Wednesday, 09-Jun-21 10:18:14 GMT"),
    "sid=[redacted]; Expires=Wednesday, 09-Jun-21 10:18:14 GMT",
  );
});
