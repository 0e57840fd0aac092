"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { UnreadCountLiveSubscription } from "@/lib/graphql/generated/graphql";
import { useLive } from "@/lib/live-client";

/** The unread badge: the count the server rendered, then every change as it happens (a new
 * notification, items marked read in another tab). */
export function LiveUnreadCount({ initial }: { initial: number }) {
  const t = useTranslations("layout");
  const [unread, setUnread] = useState(initial);
  useLive<UnreadCountLiveSubscription>("/api/live?op=unread", (data) => setUnread(data.unreadNotificationsCount));
  if (unread <= 0) return null;
  return (
    <>
      <span aria-hidden="true" data-testid="unread-count" className="rounded-full bg-indigo-700 px-1.5 text-xs font-semibold text-white dark:bg-indigo-300 dark:text-gray-950">
        {unread > 99 ? "99+" : unread}
      </span>
      <span className="sr-only">{t("unread", { count: unread })}</span>
    </>
  );
}
