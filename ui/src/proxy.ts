import { NextResponse, type NextRequest } from "next/server";
import {
  ACCESS_COOKIE,
  type CookieSpec,
  clearedCookies,
  pairCookies,
  REFRESH_COOKIE,
  TRACK_COOKIE,
  trackCookie,
} from "@/lib/session/cookies";
import { refreshPair } from "@/lib/session/refresh";

const SECURE = (process.env.ENVIRONMENT ?? "production") !== "development";

/**
 * Before a page renders: give the browser a track id, and when the access cookie has expired but
 * the refresh cookie lives, rotate the pair once (server components cannot set cookies) and
 * hand the new access token to this very request.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const set: CookieSpec[] = [];
  let trackId = request.cookies.get(TRACK_COOKIE)?.value;
  if (!trackId) {
    trackId = crypto.randomUUID();
    set.push(trackCookie(trackId, SECURE));
  }
  const refreshToken = request.cookies.get(REFRESH_COOKIE)?.value;
  if (!request.cookies.get(ACCESS_COOKIE)?.value && refreshToken) {
    const pair = await refreshPair(refreshToken, trackId);
    set.push(...(pair ? pairCookies(pair, SECURE) : clearedCookies(SECURE)));
  }
  if (set.length === 0) return NextResponse.next();
  for (const cookie of set) {
    if (cookie.value) request.cookies.set(cookie.name, cookie.value);
    else request.cookies.delete(cookie.name);
  }
  const response = NextResponse.next({ request: { headers: request.headers } });
  for (const cookie of set) response.cookies.set(cookie);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|sw.js|api/auth).*)"],
};
