import "server-only";

import { graphql } from "@/lib/graphql/generated";
import { postToRouter } from "@/lib/graphql/transport";
import { firstError } from "@/lib/graphql/errors";
import type { TokenPair } from "@/lib/session/cookies";

const REFRESH = graphql(`
  mutation UiRefresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      accessTokenExpiresAt
      refreshTokenExpiresAt
    }
  }
`);

/**
 * One refresh in flight per refresh token: refresh rotates the pair and a reused refresh token
 * ends its session, so parallel requests (several tabs, a page and its assets) must share the
 * answer of the first. Kept briefly after it settles for requests that raced it.
 */
const inFlight = new Map<string, Promise<TokenPair | null>>();
const SETTLED_GRACE_MS = 10_000;

export function refreshPair(refreshToken: string, trackId: string | null): Promise<TokenPair | null> {
  const running = inFlight.get(refreshToken);
  if (running) return running;
  const attempt = (async () => {
    const body = await postToRouter(REFRESH, { refreshToken }, { trackId });
    if (firstError(body.errors)) return null;
    const data = body.data as { refreshToken?: TokenPair } | undefined;
    return data?.refreshToken ?? null;
  })();
  inFlight.set(refreshToken, attempt);
  void attempt.finally(() => setTimeout(() => inFlight.delete(refreshToken), SETTLED_GRACE_MS));
  return attempt;
}
