import { NextResponse } from "next/server";
import { isLocale } from "@/i18n/locales";
import { LOCALE_COOKIE } from "@/lib/session/cookies";
import { csrfRejected, sameOrigin } from "@/lib/session/origin";

/** Remember the chosen language for a year. */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return csrfRejected();
  const { locale } = (await request.json().catch(() => ({}))) as { locale?: string };
  if (!isLocale(locale)) return NextResponse.json({ ok: false }, { status: 400 });
  const response = NextResponse.json({ ok: true });
  response.cookies.set({ name: LOCALE_COOKIE, value: locale, path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
  return response;
}
