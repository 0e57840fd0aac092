import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LiveUnreadCount } from "@/components/layout/live-unread-count";
import { execute } from "@/lib/graphql/client";
import { GraphQLRequestError } from "@/lib/graphql/errors";
import { UnreadCountQuery } from "@/lib/graphql/queries";

/** The header's inbox link with the unread count, rendered on the server for signed-in viewers
 * and kept current by unreadNotificationsCount. */
export async function InboxLink() {
  const t = await getTranslations("layout");
  let unread = 0;
  try {
    unread = (await execute(UnreadCountQuery, {})).me?.unreadNotificationsCount ?? 0;
  } catch (error) {
    // The header stays up when notifications cannot answer: the link without a count.
    if (!(error instanceof GraphQLRequestError)) throw error;
  }
  return (
    <Link href="/inbox" className="inline-flex items-center gap-1 hover:underline" data-testid="inbox-link">
      {t("inbox")}
      <LiveUnreadCount initial={unread} />
    </Link>
  );
}
