import { csrfRejected, sameOrigin } from "@/lib/session/origin";
import { refreshPair } from "@/lib/session/refresh";
import { jsonWithPair } from "@/lib/session/respond";
import { readSession } from "@/lib/session/session";

/** Rotate the pair now (one refresh in flight per token); 401 and cleared cookies when it is dead. */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return csrfRejected();
  const session = await readSession();
  if (!session.refreshToken) return jsonWithPair({ ok: false }, "clear", 401);
  const pair = await refreshPair(session.refreshToken, session.trackId);
  return pair ? jsonWithPair({ ok: true }, pair) : jsonWithPair({ ok: false }, "clear", 401);
}
