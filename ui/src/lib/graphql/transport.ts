import "server-only";

import { ROUTER_URL } from "@/lib/config";
import type { GraphQLErrorPayload } from "@/lib/graphql/errors";

export type Transport = { token?: string | null; trackId?: string | null; userAgent?: string | null };

export type GraphQLBody = { data?: unknown; errors?: GraphQLErrorPayload[] };

/** One POST to the router; the raw body (data and errors), for the proxy route to pass on. */
export async function postToRouter(query: string, variables: unknown, transport: Transport): Promise<GraphQLBody> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (transport.token) headers.authorization = `Bearer ${transport.token}`;
  if (transport.trackId) headers["x-track-id"] = transport.trackId;
  if (transport.userAgent) headers["user-agent"] = transport.userAgent;
  let response: Response;
  try {
    response = await fetch(ROUTER_URL, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      cache: "no-store",
    });
  } catch {
    return { errors: [{ message: "The router did not answer", extensions: { code: "NETWORK_ERROR" } }] };
  }
  try {
    return (await response.json()) as GraphQLBody;
  } catch {
    return { errors: [{ message: `The router answered ${response.status}`, extensions: { code: "UNAVAILABLE" } }] };
  }
}

