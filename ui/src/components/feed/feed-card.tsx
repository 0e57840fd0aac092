import Link from "next/link";
import { useTranslations } from "next-intl";
import { TagList } from "@/components/feed/tag-list";
import { CoverImage } from "@/components/media/cover-image";
import { REACTION_ICONS } from "@/components/reader/reaction-icons";
import { DateText } from "@/components/ui/date";
import { link } from "@/components/ui/styles";
import type { FeedCardFieldsFragment } from "@/lib/graphql/generated/graphql";

export function FeedCard({ item, priority }: { item: FeedCardFieldsFragment; priority: boolean }) {
  const t = useTranslations("feed");
  const tReader = useTranslations("reader");
  return (
    <article className="border-b border-gray-200 py-6 dark:border-gray-800">
      {item.coverImage ? (
        <Link href={`/p/${item.slug}`} tabIndex={-1} aria-hidden="true" className="mb-3 block">
          <CoverImage image={item.coverImage} sizes="(max-width: 768px) 100vw, 720px" priority={priority} className="aspect-[2/1]" />
        </Link>
      ) : null}
      <h2 className="text-xl font-bold leading-snug sm:text-2xl">
        <Link href={`/p/${item.slug}`} className="hover:underline">
          {item.topic}
        </Link>
      </h2>
      <p className="mt-1 text-sm text-gray-700 dark:text-gray-300">
        <Link href={`/u/${item.authorLogin}`} className={link}>
          {item.authorDisplayName || item.authorLogin}
        </Link>{" "}
        · <DateText value={item.publishedAt} /> · {t("readingTime", { minutes: item.readingMinutes })} ·{" "}
        {t("comments", { count: item.commentCount })}
        {item.reactions
          .filter((r) => r.count > 0)
          .map((r) => (
            <span key={r.kind} title={tReader(`kind.${r.kind}`)} aria-label={tReader("reaction", { kind: tReader(`kind.${r.kind}`), count: r.count })}>
              {" · "}
              {REACTION_ICONS[r.kind]} {r.count}
            </span>
          ))}
      </p>
      {item.previewText ? <p className="mt-2 text-gray-800 dark:text-gray-200">{item.previewText}</p> : null}
      <TagList tags={item.tags} label={t("tags")} />
    </article>
  );
}
