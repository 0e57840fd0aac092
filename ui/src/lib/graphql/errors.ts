/** A GraphQL error as the UI shows it: a stable code (`extensions.code`) turned into a sentence. */

export type GraphQLErrorPayload = {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; field?: string; retryAfter?: number; reason?: string } & Record<string, unknown>;
};

/** Every code the platform sends (common/errors.py, router/errors.py, router edge). */
export const KNOWN_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "INTERNAL",
  "INTERNAL_SERVER_ERROR",
  "BAD_REQUEST",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_UNKNOWN_OPERATION_NAME",
  "MAX_DEPTH_EXCEEDED",
  "MAX_FIELDS_EXCEEDED",
  "COST_LIMIT_EXCEEDED",
  "PREPARATION_TIMEOUT",
  "QUERY_PLANNING_FAILED",
  "SUBREQUEST_HTTP_ERROR",
  "SUPERGRAPH_INVALID",
  "METHOD_NOT_ALLOWED",
  "NOT_ACCEPTABLE",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "PERSISTED_QUERY_HASH_MISMATCH",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "NETWORK_ERROR",
  "CSRF_REJECTED",
] as const;

export type ErrorCode = (typeof KNOWN_CODES)[number];

export class GraphQLRequestError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  readonly reason: string | undefined;

  constructor(payload: GraphQLErrorPayload) {
    super(payload.message);
    this.name = "GraphQLRequestError";
    this.code = payload.extensions?.code ?? "INTERNAL";
    this.field = payload.extensions?.field;
    this.retryAfter = payload.extensions?.retryAfter;
    this.reason = payload.extensions?.reason;
  }
}

/** The key in messages/*.json under `errors` for a code (unknown codes get a generic sentence). */
export function errorKey(code: string): ErrorCode | "UNKNOWN" {
  return (KNOWN_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : "UNKNOWN";
}

export function firstError(errors: GraphQLErrorPayload[] | undefined): GraphQLRequestError | null {
  const first = errors?.[0];
  return first ? new GraphQLRequestError(first) : null;
}

/**
 * The error that keeps a page from rendering, if any. An error whose root field still came with
 * data only nulled a nullable field inside it — a post whose author profiles could not give — so
 * the page renders what came; one without a path, or whose root field is null (the error, or a
 * null it propagated, reached the top), leaves the page without what it asked for.
 */
export function blockingError(body: { data?: unknown; errors?: GraphQLErrorPayload[] }): GraphQLRequestError | null {
  const data = body.data as Record<string, unknown> | null | undefined;
  if (data == null) return firstError(body.errors) ?? new GraphQLRequestError({ message: "No data", extensions: { code: "INTERNAL" } });
  const root = (e: GraphQLErrorPayload) => (e.path && e.path.length > 0 ? data[String(e.path[0])] : null);
  const blocking = body.errors?.find((e) => root(e) == null);
  return blocking ? new GraphQLRequestError(blocking) : null;
}
