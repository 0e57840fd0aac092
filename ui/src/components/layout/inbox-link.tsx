import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { execute } from "@/lib/graphql/client";
import { GraphQLRequestError } from "@/lib/graphql/errors";
import { UnreadCountQuery } from "@/lib/graphql/queries";

/** The header's inbox link with the unread count, rendered on the server for signed-in viewers. */
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
      {unread > 0 ? (
        <>
          <span aria-hidden="true" data-testid="unread-count" className="rounded-full bg-indigo-700 px-1.5 text-xs font-semibold text-white dark:bg-indigo-300 dark:text-gray-950">
            {unread > 99 ? "99+" : unread}
          </span>
          <span className="sr-only">{t("unread", { count: unread })}</span>
        </>
      ) : null}
    </Link>
  );
}
