"use client";

import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonQuiet } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { MarkAllNotificationsReadMutation, MarkNotificationsReadMutation } from "@/lib/graphql/mutations";

/** Marks one notification read; the server components (list and header count) refresh after it. */
export function MarkReadButton({ id, title }: { id: string; title: string }) {
  const t = useTranslations("inbox");
  const { busy, error, run } = useAction();
  return (
    <>
      <button type="button" disabled={busy} className={buttonQuiet} aria-label={t("markReadOne", { title })}
        onClick={() => void run(() => request(MarkNotificationsReadMutation, { ids: [id] }))}>
        {t("markRead")}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}

/** Marks every notification of the viewer read, not only the ones on this page. */
export function MarkAllReadButton() {
  const t = useTranslations("inbox");
  const { busy, error, run } = useAction();
  return (
    <div>
      <button type="button" disabled={busy} className={buttonQuiet}
        onClick={() => void run(() => request(MarkAllNotificationsReadMutation, {}))}>
        {t("markAllRead")}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
