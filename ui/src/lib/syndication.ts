import "server-only";
import { ROUTER_URL } from "@/lib/config";

const FORWARDED_REQUEST = ["if-none-match", "if-modified-since"];
const FORWARDED_RESPONSE = ["content-type", "etag", "last-modified", "cache-control"];

/** The router's origin (ROUTER_URL without /graphql), where the feed paths are served. */
export function routerOrigin(): string {
  return ROUTER_URL.replace(/\/graphql\/?$/, "");
}

/** Forward a feed or sitemap request to the router with its validators; 304s stay 304s. */
export async function proxySyndication(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  let upstream: Response;
  try {
    upstream = await fetch(`${routerOrigin()}${path}`, { headers, cache: "no-store", signal: AbortSignal.timeout(10_000) });
  } catch {
    return new Response("The feed is not available right now", { status: 502 });
  }
  const kept = new Headers();
  for (const name of FORWARDED_RESPONSE) {
    const value = upstream.headers.get(name);
    if (value) kept.set(name, value);
  }
  const body = upstream.status === 304 ? null : await upstream.arrayBuffer();
  return new Response(body, { status: upstream.status, headers: kept });
}

/** `<link rel="alternate">` entries for one feed path (`/feeds/all`, `/feeds/tag/3` ...). */
export function feedAlternates(path: string, title: string) {
  return {
    "application/rss+xml": [{ url: `${path}.rss`, title: `${title} (RSS)` }],
    "application/atom+xml": [{ url: `${path}.atom`, title: `${title} (Atom)` }],
    "application/feed+json": [{ url: `${path}.json`, title: `${title} (JSON Feed)` }],
  };
}
