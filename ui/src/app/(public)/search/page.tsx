import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ListedPostItem } from "@/components/reader/post-list";
import { SearchBox } from "@/components/reader/search-box";
import { Snippet } from "@/components/reader/snippet";
import { buttonQuiet } from "@/components/ui/styles";
import { execute } from "@/lib/graphql/client";
import { errorKey, GraphQLRequestError } from "@/lib/graphql/errors";
import type { SearchQuery as SearchResult } from "@/lib/graphql/generated/graphql";
import { SearchQuery } from "@/lib/graphql/queries";

const SEARCH_PAGE = 10;

type Props = { searchParams: Promise<{ q?: string; after?: string }> };

export async function generateMetadata({ searchParams }: Props) {
  const { q } = await searchParams;
  const t = await getTranslations("reader");
  return { title: q ? t("searchTitleFor", { query: q }) : t("searchTitle"), robots: { index: false } };
}

/** One page of results, or the error code that kept it from being read. */
async function findPosts(query: string, after?: string): Promise<SearchResult["searchPosts"] | string> {
  try {
    return (await execute(SearchQuery, { query, first: SEARCH_PAGE, after: after ?? null })).searchPosts;
  } catch (error) {
    if (!(error instanceof GraphQLRequestError)) throw error;
    return error.code;
  }
}

/** Full-text search results, best match first, a cursor page at a time. */
export default async function SearchPage({ searchParams }: Props) {
  const { q = "", after } = await searchParams;
  const query = q.trim();
  const [t, tErrors] = await Promise.all([getTranslations("reader"), getTranslations("errors")]);
  const found = query ? await findPosts(query, after) : null;
  const base = `/search?q=${encodeURIComponent(query)}`;
  return (
    <div className="space-y-4 pt-6">
      <h1 className="text-2xl font-bold">{query ? t("searchTitleFor", { query }) : t("searchTitle")}</h1>
      <SearchBox defaultValue={query} id="page-search" landmark={false} />
      {found === null ? (
        <p className="py-8 text-gray-700 dark:text-gray-300">{t("searchHint")}</p>
      ) : typeof found === "string" ? (
        <p role="alert" className="py-8">{tErrors(errorKey(found))}</p>
      ) : found.nodes.length === 0 ? (
        <p className="py-8 text-gray-700 dark:text-gray-300">{t(after ? "noMoreResults" : "noResults")}</p>
      ) : (
        <>
          <div data-testid="search-results">
            {found.nodes.map((hit) => (
              <ListedPostItem key={hit.post.id} post={hit.post} below={hit.snippet ? <Snippet text={hit.snippet} /> : undefined} />
            ))}
          </div>
          <nav aria-label={t("pages")} className="flex justify-between py-6">
            {after ? (
              <Link href={base} className={buttonQuiet}>
                {t("firstResults")}
              </Link>
            ) : (
              <span />
            )}
            {found.pageInfo.hasNextPage && found.pageInfo.endCursor ? (
              <Link href={`${base}&after=${encodeURIComponent(found.pageInfo.endCursor)}`} className={buttonQuiet}>
                {t("moreResults")}
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </div>
  );
}
