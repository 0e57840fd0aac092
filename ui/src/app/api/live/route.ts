import { ROUTER_URL } from "@/lib/config";
import { liveOperation } from "@/lib/graphql/live";
import { readSession } from "@/lib/session/session";

export const dynamic = "force-dynamic";

const STREAM_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" };

/**
 * Live updates for client components (EventSource): one of the UI's named subscriptions
 * (`liveOperation`), proxied to the router's Server-Sent Events with the bearer from the httpOnly
 * cookie. The proxy (`src/proxy.ts`) has refreshed an expired access token before this runs, so a
 * client that resubscribes after UNAUTHENTICATED gets a stream with its new token.
 */
export async function GET(request: Request): Promise<Response> {
  const operation = liveOperation(new URL(request.url).searchParams);
  if (!operation) {
    return Response.json({ errors: [{ message: "Unknown live operation", extensions: { code: "BAD_REQUEST" } }] }, { status: 400 });
  }
  const session = await readSession();
  const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (session.trackId) headers["x-track-id"] = session.trackId;
  if (session.userAgent) headers["user-agent"] = session.userAgent;
  // The browser's address (Next sets it): the router counts per-client stream limits by it when
  // this server is one of its ROUTER_TRUSTED_PROXIES; otherwise every anonymous reader here is
  // one client (signed-in readers count by user).
  const forwarded = request.headers.get("x-forwarded-for");
  if (forwarded) headers["x-forwarded-for"] = forwarded;
  try {
    const upstream = await fetch(ROUTER_URL, {
      method: "POST",
      headers,
      body: JSON.stringify(operation),
      cache: "no-store",
      signal: request.signal, // the browser went away: the router's stream ends too
    });
    if (upstream.ok && upstream.body) return new Response(upstream.body, { headers: STREAM_HEADERS });
  } catch {
    // answered below, as graphql-sse would: an error event, then complete
  }
  const error = { errors: [{ message: "The router did not answer", extensions: { code: "NETWORK_ERROR" } }] };
  return new Response(`event: next\ndata: ${JSON.stringify(error)}\n\nevent: complete\ndata: \n\n`, { headers: STREAM_HEADERS });
}
