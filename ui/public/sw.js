/* The service worker for web push: shows the platform's push payload {title, body, url} and opens
   its url (same origin only; else the inbox) when the notification is clicked. */

const FALLBACK_TITLE = "Indefinite Studies";

function payloadOf(event) {
  if (!event.data) return {};
  try {
    const data = event.data.json();
    return data && typeof data === "object" ? data : {};
  } catch {
    return { body: event.data.text() };
  }
}

function sameOriginUrl(url) {
  try {
    const target = new URL(typeof url === "string" && url ? url : "/inbox", self.location.origin);
    return target.origin === self.location.origin ? target.href : new URL("/inbox", self.location.origin).href;
  } catch {
    return new URL("/inbox", self.location.origin).href;
  }
}

self.addEventListener("push", (event) => {
  const data = payloadOf(event);
  const title = typeof data.title === "string" && data.title ? data.title : FALLBACK_TITLE;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      data: { url: sameOriginUrl(data.url) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = sameOriginUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => client.url === url);
      if (open) return open.focus();
      return self.clients.openWindow(url);
    })(),
  );
});
