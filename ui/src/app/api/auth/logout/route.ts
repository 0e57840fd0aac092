import { graphql } from "@/lib/graphql/generated";
import { postToRouter } from "@/lib/graphql/transport";
import { csrfRejected, sameOrigin } from "@/lib/session/origin";
import { jsonWithPair } from "@/lib/session/respond";
import { readSession } from "@/lib/session/session";

const LOGOUT = graphql(`
  mutation UiLogout {
    logout
  }
`);

/** End the session at auth (the refresh token stops working), then clear the cookies. */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return csrfRejected();
  const session = await readSession();
  if (session.token) await postToRouter(LOGOUT, {}, session);
  return jsonWithPair({ ok: true }, "clear");
}
