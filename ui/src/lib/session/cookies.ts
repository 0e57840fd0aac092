/** Names and options of the session cookies: httpOnly, SameSite=Lax, Secure outside development. */

export const ACCESS_COOKIE = "is_at";
export const REFRESH_COOKIE = "is_rt";
export const TRACK_COOKIE = "is_tid";
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** Drop the access cookie a little before the token expires, so no request carries a dead one. */
export const ACCESS_MARGIN_MS = 30_000;

export type TokenPair = {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
};

export type CookieSpec = {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  expires: Date;
};

function spec(name: string, value: string, expires: Date, secure: boolean): CookieSpec {
  return { name, value, httpOnly: true, sameSite: "lax", secure, path: "/", expires };
}

/** The two cookies that keep a token pair. */
export function pairCookies(pair: TokenPair, secure: boolean): CookieSpec[] {
  const accessExpires = new Date(new Date(pair.accessTokenExpiresAt).getTime() - ACCESS_MARGIN_MS);
  return [
    spec(ACCESS_COOKIE, pair.accessToken, accessExpires, secure),
    spec(REFRESH_COOKIE, pair.refreshToken, new Date(pair.refreshTokenExpiresAt), secure),
  ];
}

/** Cookies that clear the pair (expired in the past). */
export function clearedCookies(secure: boolean): CookieSpec[] {
  return [ACCESS_COOKIE, REFRESH_COOKIE].map((name) => spec(name, "", new Date(0), secure));
}

/** A long-lived id for this browser, sent as X-Track-Id (the sessions service keys clients by it). */
export function trackCookie(trackId: string, secure: boolean): CookieSpec {
  return spec(TRACK_COOKIE, trackId, new Date(Date.now() + 400 * 24 * 3600 * 1000), secure);
}
