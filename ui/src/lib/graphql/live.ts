import { graphql } from "@/lib/graphql/generated";
import type { GraphQLErrorPayload } from "@/lib/graphql/errors";

/**
 * The live updates the UI subscribes to, by name: `/api/live?op=…` proxies exactly these (never
 * a document from the browser) to the router's Server-Sent Events, so a cross-site GET can only
 * ever open a read-only stream.
 */
export const CommentAddedSubscription = graphql(`
  subscription CommentAdded($postId: ID!) {
    commentAdded(postId: $postId) { id parentId text state createdAt author { id login displayName } }
  }
`);

export const UnreadCountSubscription = graphql(`
  subscription UnreadCountLive {
    unreadNotificationsCount
  }
`);

export const NotificationAddedSubscription = graphql(`
  subscription NotificationAddedLive {
    notificationAdded { id }
  }
`);

export type LiveOperation = { query: string; variables: Record<string, string> };

const ID = /^[0-9A-Za-z-]{1,64}$/;

/** The subscription a `/api/live` query string names, or null when it names none. */
export function liveOperation(params: URLSearchParams): LiveOperation | null {
  switch (params.get("op")) {
    case "comments": {
      const postId = params.get("postId") ?? "";
      return ID.test(postId) ? { query: CommentAddedSubscription.toString(), variables: { postId } } : null;
    }
    case "unread":
      return { query: UnreadCountSubscription.toString(), variables: {} };
    case "notifications":
      return { query: NotificationAddedSubscription.toString(), variables: {} };
    default:
      return null;
  }
}

/** Codes after which the client subscribes again (after a pause): the stream ended for a reason
 * that passes (a subgraph or router restart, an expired token the proxy refreshes). */
const RESUBSCRIBE = new Set(["SUBSCRIPTION_SOURCE_CLOSED", "SHUTTING_DOWN", "UNAUTHENTICATED", "UNAVAILABLE", "NETWORK_ERROR", "RATE_LIMITED"]);

export type LiveEvent<T> = { data?: T; then: "continue" | "resubscribe" | "stop" };

/** One `next` event of graphql-sse: its data, and what the client does after it. */
export function readLiveEvent<T>(raw: string): LiveEvent<T> {
  let body: { data?: T | null; errors?: GraphQLErrorPayload[] };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    return { then: "continue" };
  }
  const code = body.errors?.[0]?.extensions?.code;
  if (body.data != null) return { data: body.data, then: "continue" };
  if (code === undefined) return { then: "continue" };
  return { then: RESUBSCRIBE.has(code) ? "resubscribe" : "stop" };
}
