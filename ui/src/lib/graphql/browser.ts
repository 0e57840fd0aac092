"use client";

import { documentId } from "@/lib/graphql/document-id";
import { blockingError, GraphQLRequestError, type GraphQLErrorPayload } from "@/lib/graphql/errors";
import type { TypedDocumentString } from "@/lib/graphql/generated/graphql";

/** Client components' GraphQL: the same-origin proxy route adds the bearer from the cookie. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  let body: { data?: R; errors?: GraphQLErrorPayload[] };
  try {
    const response = await fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: document.toString(), documentId: documentId(document), variables }),
    });
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError({ message: "network", extensions: { code: "NETWORK_ERROR" } });
  }
  const error = blockingError(body);
  if (error) throw error;
  return body.data as R;
}
