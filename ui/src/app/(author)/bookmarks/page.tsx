import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ListedPostItem } from "@/components/reader/post-list";
import { buttonQuiet } from "@/components/ui/styles";
import { execute } from "@/lib/graphql/client";
import { BookmarksQuery } from "@/lib/graphql/queries";
import { getViewer } from "@/lib/session/viewer";

const BOOKMARKS_PAGE = 20;

export async function generateMetadata() {
  return { title: (await getTranslations("reader"))("bookmarksTitle"), robots: { index: false } };
}

/** The viewer's reading list, newest bookmark first. */
export default async function BookmarksPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  if (!(await getViewer())) redirect("/login?next=/bookmarks");
  const { after } = await searchParams;
  const t = await getTranslations("reader");
  const { myBookmarks } = await execute(BookmarksQuery, { first: BOOKMARKS_PAGE, after: after ?? null });
  return (
    <div className="pt-6">
      <h1 className="text-2xl font-bold">{t("bookmarksTitle")}</h1>
      {myBookmarks.nodes.length === 0 ? (
        <p className="py-8 text-gray-700 dark:text-gray-300">{t(after ? "noMoreBookmarks" : "noBookmarks")}</p>
      ) : (
        <div data-testid="bookmarks">
          {myBookmarks.nodes.map((post) => (
            <ListedPostItem key={post.id} post={post} />
          ))}
        </div>
      )}
      <nav aria-label={t("pages")} className="flex justify-between py-6">
        {after ? (
          <Link href="/bookmarks" className={buttonQuiet}>
            {t("firstBookmarks")}
          </Link>
        ) : (
          <span />
        )}
        {myBookmarks.pageInfo.hasNextPage && myBookmarks.pageInfo.endCursor ? (
          <Link href={`/bookmarks?after=${encodeURIComponent(myBookmarks.pageInfo.endCursor)}`} className={buttonQuiet}>
            {t("moreBookmarks")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
