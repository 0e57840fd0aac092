import "server-only";

import { cookies, headers } from "next/headers";
import { cache } from "react";
import { ACCESS_COOKIE, REFRESH_COOKIE, TRACK_COOKIE } from "@/lib/session/cookies";

export type SessionTokens = {
  token: string | null;
  refreshToken: string | null;
  trackId: string | null;
  userAgent: string | null;
};

/** The viewer's tokens from the httpOnly cookies (the proxy refreshed them before rendering). */
export const readSession = cache(async (): Promise<SessionTokens> => {
  const jar = await cookies();
  const incoming = await headers();
  return {
    token: jar.get(ACCESS_COOKIE)?.value || null,
    refreshToken: jar.get(REFRESH_COOKIE)?.value || null,
    trackId: jar.get(TRACK_COOKIE)?.value || null,
    userAgent: incoming.get("user-agent"),
  };
});
