/**
 * A local HTTP and HTTPS site for the demo and the tests of the example configs, so both run offline.
 * The HTTPS side uses the test CA in tests/fixtures/tls (trust it with `caFile`).
 * @module
 */

/** The running demo site. */
export interface DemoSite {
  /** `http://127.0.0.1:<port>` */
  httpUrl: string;
  /** `https://localhost:<port>` (the certificate names localhost and 127.0.0.1). */
  httpsUrl: string;
  /** Absolute path of the CA certificate that signed the HTTPS certificate. */
  caFile: string;
  /** Stops both servers. */
  close(): Promise<void>;
}

const TLS_DIR = new URL("../tests/fixtures/tls/", import.meta.url);

/**
 * Starts the demo site on 127.0.0.1, on ports the system picks.
 *
 * @returns Its URLs and a way to stop it.
 */
export async function startDemoSite(): Promise<DemoSite> {
  const cert = await Deno.readTextFile(new URL("server.pem", TLS_DIR));
  const key = await Deno.readTextFile(new URL("server-key.pem", TLS_DIR));
  const quiet = { hostname: "127.0.0.1", port: 0, onListen() {} };
  const http = Deno.serve(quiet, handle);
  const https = Deno.serve({ ...quiet, cert, key }, handle);
  return {
    httpUrl: `http://127.0.0.1:${http.addr.port}`,
    httpsUrl: `https://localhost:${https.addr.port}`,
    caFile: decodeURIComponent(new URL("ca.pem", TLS_DIR).pathname),
    async close() {
      await Promise.all([http.shutdown(), https.shutdown()]);
    },
  };
}

function handle(request: Request): Response {
  const url = new URL(request.url);
  switch (url.pathname) {
    case "/":
      return html("corun demo", "<p>Hello from the demo site.</p>");
    case "/s":
      return html(`Search: ${url.searchParams.get("wd") ?? ""}`, "<p>No results, but a page.</p>");
    case "/old":
      return Response.redirect(new URL("/", url), 301);
    case "/data.json":
      return Response.json({ tasks: ["sleep", "fetch"], ok: true });
    case "/gzip":
      return new Response(
        new Blob(["compressed text\n".repeat(500)]).stream().pipeThrough(
          new CompressionStream("gzip"),
        ),
        { headers: { "content-encoding": "gzip", "content-type": "text/plain" } },
      );
    default: {
      const page = /^\/page\/(\d{1,3})\.html$/.exec(url.pathname);
      if (page) return html(`Page ${page[1]}`, `<p>One of the pages a URL pattern fetches.</p>`);
      return new Response("not found\n", { status: 404 });
    }
  }
}

function html(title: string, body: string): Response {
  const page = `<!doctype html><html><head><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
  return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
