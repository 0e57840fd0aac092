import "server-only";

import { NextResponse } from "next/server";
import { SECURE_COOKIES } from "@/lib/config";
import { clearedCookies, type CookieSpec, pairCookies, type TokenPair } from "@/lib/session/cookies";

/** A JSON response that also stores (or clears) the token pair in the httpOnly cookies. */
export function jsonWithPair(body: unknown, pair: TokenPair | null | "clear", status = 200): NextResponse {
  const response = NextResponse.json(body, { status });
  const cookies: CookieSpec[] =
    pair === "clear" ? clearedCookies(SECURE_COOKIES) : pair ? pairCookies(pair, SECURE_COOKIES) : [];
  for (const cookie of cookies) response.cookies.set(cookie);
  return response;
}
