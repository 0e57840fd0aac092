import { graphql } from "@/lib/graphql/generated";
import { postToRouter } from "@/lib/graphql/transport";

/**
 * The one-click unsubscribe link of every notification email (`PUBLIC_BASE_URL/unsubscribe?token=`).
 * GET only shows a button (link scanners open GETs; they must not unsubscribe anyone); POST
 * unsubscribes, from that button or straight from the mail client (RFC 8058 sends
 * `List-Unsubscribe=One-Click` from the provider's servers, so there is no Origin to check: the
 * signed token is the credential, no cookie is read).
 */

const UNSUBSCRIBE = graphql(`
  mutation UiUnsubscribe($token: String!) {
    unsubscribe(token: $token) {
      type
    }
  }
`);

const TEXT = {
  en: {
    title: "Unsubscribe",
    ask: "Stop these emails?",
    button: "Unsubscribe",
    done: "You are unsubscribed. Change what you receive on your account page.",
    failed: "This link does not work any more (it was changed, used or revoked).",
    missing: "This link has no token.",
  },
  ru: {
    title: "Отписка",
    ask: "Больше не присылать эти письма?",
    button: "Отписаться",
    done: "Вы отписались. Настроить уведомления можно на странице аккаунта.",
    failed: "Эта ссылка больше не работает (она изменена, уже использована или отозвана).",
    missing: "В ссылке нет токена.",
  },
} as const;

function texts(request: Request): (typeof TEXT)["en" | "ru"] {
  const language = request.headers.get("accept-language") ?? "";
  return language.toLowerCase().startsWith("ru") ? TEXT.ru : TEXT.en;
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

export async function GET(request: Request): Promise<Response> {
  const t = texts(request);
  const token = new URL(request.url).searchParams.get("token");
  if (!token) return page(400, t.title, `<p>${escape(t.missing)}</p>`);
  const action = `/unsubscribe?token=${encodeURIComponent(token)}`;
  return page(
    200,
    t.title,
    `<p>${escape(t.ask)}</p><form method="post" action="${escape(action)}"><button type="submit">${escape(t.button)}</button></form>`,
  );
}

export async function POST(request: Request): Promise<Response> {
  const t = texts(request);
  const token = new URL(request.url).searchParams.get("token");
  if (!token || token.length > 1024) return page(400, t.title, `<p>${escape(t.missing)}</p>`);
  const body = await postToRouter(UNSUBSCRIBE, { token }, {});
  if (body.errors?.length) return page(400, t.title, `<p>${escape(t.failed)}</p>`);
  return page(200, t.title, `<p>${escape(t.done)}</p>`);
}
