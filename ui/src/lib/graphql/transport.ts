import "server-only";

import { ROUTER_URL } from "@/lib/config";
import { documentId, type Operation } from "@/lib/graphql/document-id";
import type { GraphQLErrorPayload } from "@/lib/graphql/errors";

export type Transport = { token?: string | null; trackId?: string | null; userAgent?: string | null };

export type GraphQLBody = { data?: unknown; errors?: GraphQLErrorPayload[] };

/** Ids the router did not know (it runs without the manifest, as in development): sent as text. */
const unknownIds = new Set<string>();

/**
 * Run an operation on the router; the raw body (data and errors), for the proxy route to pass on.
 * A generated document goes by its trusted document id; the text follows only when the router
 * answers PERSISTED_QUERY_NOT_FOUND (a router without the manifest).
 */
export async function postToRouter(
  operation: Operation,
  variables: unknown,
  transport: Transport,
  id: string | undefined = documentId(operation),
): Promise<GraphQLBody> {
  if (id && !unknownIds.has(id)) {
    const body = await post({ documentId: id, variables }, transport);
    if (!body.errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) return body;
    unknownIds.add(id);
  }
  return post({ query: operation.toString(), variables }, transport);
}

async function post(payload: Record<string, unknown>, transport: Transport): Promise<GraphQLBody> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (transport.token) headers.authorization = `Bearer ${transport.token}`;
  if (transport.trackId) headers["x-track-id"] = transport.trackId;
  if (transport.userAgent) headers["user-agent"] = transport.userAgent;
  let response: Response;
  try {
    response = await fetch(ROUTER_URL, {
      method: "POST",
      headers,
      body: JSON.stringify(payload),
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

