import { postToRouter } from "@/lib/graphql/transport";
import type { TokenPair } from "@/lib/session/cookies";
import { csrfRejected, sameOrigin } from "@/lib/session/origin";
import { refreshPair } from "@/lib/session/refresh";
import { jsonWithPair } from "@/lib/session/respond";
import { readSession } from "@/lib/session/session";

const MAX_BODY = 256 * 1024;

/**
 * Same-origin GraphQL for client components: adds the bearer from the httpOnly cookie. When the
 * access token was refused and a refresh token lives, rotates once and replays the operation.
 */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return csrfRejected();
  const raw = await request.text();
  if (raw.length > MAX_BODY) {
    return Response.json({ errors: [{ message: "Too large", extensions: { code: "PAYLOAD_TOO_LARGE" } }] }, { status: 413 });
  }
  let parsed: { query?: unknown; documentId?: unknown; variables?: unknown };
  try {
    parsed = JSON.parse(raw) as typeof parsed;
  } catch {
    return Response.json({ errors: [{ message: "Not JSON", extensions: { code: "BAD_REQUEST" } }] }, { status: 400 });
  }
  if (typeof parsed.query !== "string") {
    return Response.json({ errors: [{ message: "No query", extensions: { code: "BAD_REQUEST" } }] }, { status: 400 });
  }
  const session = await readSession();
  const query = parsed.query;
  const id = typeof parsed.documentId === "string" ? parsed.documentId : undefined;
  let body = await postToRouter(query, parsed.variables ?? {}, session, id);
  let pair: TokenPair | null | "clear" = null;
  const unauthenticated = body.errors?.some((e) => e.extensions?.code === "UNAUTHENTICATED");
  if (unauthenticated && session.refreshToken) {
    const fresh = await refreshPair(session.refreshToken, session.trackId);
    if (fresh) {
      pair = fresh;
      body = await postToRouter(query, parsed.variables ?? {}, { ...session, token: fresh.accessToken }, id);
    } else {
      pair = "clear";
    }
  }
  return jsonWithPair(body, pair);
}
