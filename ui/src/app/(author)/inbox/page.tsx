import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LiveInbox } from "@/components/inbox/live-inbox";
import { MarkAllReadButton } from "@/components/inbox/mark-read";
import { NotificationItem } from "@/components/inbox/notification-item";
import { buttonQuiet } from "@/components/ui/styles";
import { PUBLIC_BASE_URL } from "@/lib/config";
import { execute } from "@/lib/graphql/client";
import { InboxQuery } from "@/lib/graphql/queries";
import { getViewer } from "@/lib/session/viewer";

const INBOX_PAGE = 20;

export async function generateMetadata() {
  return { title: (await getTranslations("inbox"))("title"), robots: { index: false } };
}

/** The viewer's notifications, newest first, a cursor page at a time. */
export default async function InboxPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  if (!(await getViewer())) redirect("/login?next=/inbox");
  const { after } = await searchParams;
  const [t, locale] = await Promise.all([getTranslations("inbox"), getLocale()]);
  const { me } = await execute(InboxQuery, { first: INBOX_PAGE, after: after ?? null, locale });
  const unread = me?.unreadNotificationsCount ?? 0;
  const page = me?.notifications;
  return (
    <div className="space-y-4 pt-6">
      {after ? null : <LiveInbox />}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        {unread > 0 ? <MarkAllReadButton /> : null}
      </div>
      <p className="text-sm text-gray-700 dark:text-gray-300" data-testid="unread-summary">{t("unreadCount", { count: unread })}</p>
      {!page || page.nodes.length === 0 ? (
        <p className="py-8 text-gray-700 dark:text-gray-300">{t(after ? "noMore" : "empty")}</p>
      ) : (
        <ul className="space-y-2">
          {page.nodes.map((item) => <NotificationItem key={item.id} item={item} base={PUBLIC_BASE_URL} />)}
        </ul>
      )}
      <nav aria-label={t("pages")} className="flex justify-between py-4">
        {after ? <Link href="/inbox" className={buttonQuiet}>{t("newest")}</Link> : <span />}
        {page?.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
          <Link href={`/inbox?after=${encodeURIComponent(page.pageInfo.endCursor)}`} className={buttonQuiet}>{t("older")}</Link>
        ) : null}
      </nav>
    </div>
  );
}
