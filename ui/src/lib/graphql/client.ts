import "server-only";

import { blockingError, GraphQLRequestError } from "@/lib/graphql/errors";
import { postToRouter, type Transport } from "@/lib/graphql/transport";
import type { TypedDocumentString } from "@/lib/graphql/generated/graphql";
import { readSession } from "@/lib/session/session";

/** Run a typed operation as the current viewer (server components and route handlers); data with
 * errors only below its root fields is returned as it came (see `blockingError`). */
export async function execute<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  transport?: Transport,
): Promise<R> {
  const session = transport ?? (await readSession());
  const body = await postToRouter(document, variables ?? {}, session);
  const error = blockingError(body);
  if (error) throw error;
  return body.data as R;
}

/** `execute` that turns NOT_FOUND into null (pages then call notFound()). */
export async function executeOrNull<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R | null> {
  try {
    return await execute(document, variables);
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

