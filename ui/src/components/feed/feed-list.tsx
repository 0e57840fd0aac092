import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FeedCard } from "@/components/feed/feed-card";
import { buttonQuiet } from "@/components/ui/styles";
import { execute } from "@/lib/graphql/client";
import { errorKey, GraphQLRequestError } from "@/lib/graphql/errors";
import { FeedQuery } from "@/lib/graphql/queries";

export const FEED_PAGE = 10;

type FeedListProps = { basePath: string; after?: string; tagId?: string; authorId?: string };

/** One page of the feed, newest first, with a link to the next (cursor) page. */
export async function FeedList({ basePath, after, tagId, authorId }: FeedListProps) {
  const [t, tErrors] = await Promise.all([getTranslations("feed"), getTranslations("errors")]);
  let feed;
  try {
    ({ feed } = await execute(FeedQuery, { first: FEED_PAGE, after: after ?? null, tagId: tagId ?? null, authorId: authorId ?? null }));
  } catch (error) {
    // The front page stays up when the feed cannot be read: say why, in the reader's language.
    if (!(error instanceof GraphQLRequestError)) throw error;
    return <p role="alert" className="py-8">{tErrors(errorKey(error.code))}</p>;
  }
  if (feed.nodes.length === 0) return <p className="py-8 text-gray-700 dark:text-gray-300">{t("empty")}</p>;
  return (
    <>
      <div>
        {feed.nodes.map((item, index) => (
          <FeedCard key={item.id} item={item} priority={index === 0 && !after} />
        ))}
      </div>
      <nav aria-label={t("pages")} className="flex justify-between py-6">
        {after ? (
          <Link href={basePath} className={buttonQuiet}>
            {t("newest")}
          </Link>
        ) : (
          <span />
        )}
        {feed.pageInfo.hasNextPage && feed.pageInfo.endCursor ? (
          <Link href={`${basePath}?after=${encodeURIComponent(feed.pageInfo.endCursor)}`} className={buttonQuiet}>
            {t("older")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}
