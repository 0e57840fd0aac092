/**
 * CSRF guard for the UI's own POST routes: the browser's `Origin` must be this site. SameSite=Lax
 * cookies already stay off cross-site POSTs; this also refuses same-site other origins.
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function csrfRejected(): Response {
  return Response.json(
    { errors: [{ message: "Cross-origin request refused", extensions: { code: "CSRF_REJECTED" } }] },
    { status: 403 },
  );
}
