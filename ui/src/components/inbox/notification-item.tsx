import Link from "next/link";
import { useTranslations } from "next-intl";
import { MarkReadButton } from "@/components/inbox/mark-read";
import { DateText } from "@/components/ui/date";
import { link } from "@/components/ui/styles";
import type { InboxQuery } from "@/lib/graphql/generated/graphql";

export type NotificationView = NonNullable<InboxQuery["me"]>["notifications"]["nodes"][number];

/** The site-relative path of a notification's link (the platform writes absolute URLs for email). */
export function localHref(url: string | null | undefined, base: string): string | null {
  if (!url) return null;
  try {
    const target = new URL(url, base);
    return target.origin === new URL(base).origin ? `${target.pathname}${target.search}${target.hash}` : target.toString();
  } catch {
    return null;
  }
}

/** One inbox row: unread ones stand out (colour, weight and a word for screen readers). */
export function NotificationItem({ item, base }: { item: NotificationView; base: string }) {
  const t = useTranslations("inbox");
  const href = localHref(item.url, base);
  return (
    <li data-testid="notification" data-read={item.read ? "true" : "false"}
      className={`flex flex-wrap items-start justify-between gap-2 rounded-md px-3 py-3 ${item.read ? "" : "border-l-4 border-indigo-700 bg-indigo-50 dark:border-indigo-300 dark:bg-indigo-950"}`}>
      <div className="min-w-0 flex-1">
        <p className={item.read ? "" : "font-semibold"}>
          {item.read ? null : <span className="sr-only">{t("unread")}: </span>}
          {href ? <Link href={href} className={link}>{item.title}</Link> : item.title}
        </p>
        <p className="text-sm text-gray-700 dark:text-gray-300">
          {item.actor ? <>{item.actor.displayName || item.actor.login} · </> : null}
          <DateText value={item.createdAt} />
        </p>
      </div>
      {item.read ? null : <MarkReadButton id={item.id} title={item.title} />}
    </li>
  );
}
