"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonQuiet } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { RegisterPushSubscriptionMutation, UnregisterPushSubscriptionMutation } from "@/lib/graphql/mutations";
import { pushSupported, subscriptionInput, vapidKeyBytes } from "@/lib/push";

type PushState = "unsupported" | "checking" | "off" | "on" | "denied";

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** What this browser can do and has done about push, checked after hydration. */
async function detect(vapidPublicKey: string | null): Promise<PushState> {
  if (!vapidPublicKey || !pushSupported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  try {
    return (await currentSubscription()) ? "on" : "off";
  } catch {
    return "off";
  }
}

/**
 * "Enable web push" for this browser: registers /sw.js, subscribes with the server's VAPID key and
 * hands the subscription to notifications. Renders nothing when the browser or the server lacks push.
 */
export function PushToggle({ vapidPublicKey }: { vapidPublicKey: string | null }) {
  const t = useTranslations("push");
  const [state, setState] = useState<PushState>("checking");
  const { busy, error, run } = useAction();

  useEffect(() => {
    let live = true;
    void detect(vapidPublicKey).then((found) => {
      if (live) setState(found);
    });
    return () => {
      live = false;
    };
  }, [vapidPublicKey]);

  async function enable(key: string): Promise<void> {
    if ((await Notification.requestPermission()) !== "granted") {
      setState("denied");
      return;
    }
    const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: vapidKeyBytes(key) }));
    const input = subscriptionInput(subscription);
    if (!input) throw new Error("subscription without keys");
    await request(RegisterPushSubscriptionMutation, input);
    setState("on");
  }

  async function disable(): Promise<void> {
    const subscription = await currentSubscription();
    if (subscription) {
      await request(UnregisterPushSubscriptionMutation, { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    setState("off");
  }

  if (state === "unsupported" || state === "checking" || !vapidPublicKey) return null;
  return (
    <div className="mt-4 border-t border-gray-200 pt-4 dark:border-gray-800" data-testid="web-push">
      {state === "denied" ? (
        <p className="text-sm">{t("denied")}</p>
      ) : state === "on" ? (
        <div className="flex flex-wrap items-center gap-3">
          <p role="status" className="text-sm">{t("on")}</p>
          <button type="button" disabled={busy} className={buttonQuiet} onClick={() => void run(disable)}>{t("disable")}</button>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm">{t("explain")}</p>
          <button type="button" disabled={busy} className={buttonQuiet} onClick={() => void run(() => enable(vapidPublicKey))}>{t("enable")}</button>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
