"use client";

import { useRouter } from "next/navigation";
import type { NotificationAddedLiveSubscription } from "@/lib/graphql/generated/graphql";
import { useLive } from "@/lib/live-client";

/** On the inbox's first page: a new notification re-renders the page (the server renders items,
 * titles in the viewer's locale), without a reload. Renders nothing itself. */
export function LiveInbox() {
  const router = useRouter();
  useLive<NotificationAddedLiveSubscription>(
    "/api/live?op=notifications",
    () => router.refresh(),
    () => router.refresh(),
  );
  return null;
}
