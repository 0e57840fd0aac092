import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getTranslations } from "next-intl/server";
import { FeedList } from "@/components/feed/feed-list";
import { FollowButton } from "@/components/follows/follow-button";
import { DateText } from "@/components/ui/date";
import { PUBLIC_BASE_URL } from "@/lib/config";
import { feedAlternates } from "@/lib/syndication";
import { executeOrNull } from "@/lib/graphql/client";
import { AuthorQuery } from "@/lib/graphql/queries";
import { getViewer } from "@/lib/session/viewer";

type Props = { params: Promise<{ login: string }>; searchParams: Promise<{ after?: string }> };

/** Once per request: metadata and the page share it. */
const author = cache(async (login: string) => {
  return (await executeOrNull(AuthorQuery, { login: decodeURIComponent(login) }))?.userByLogin ?? null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await author((await params).login);
  if (!user) return {};
  return {
    title: user.displayName || user.login,
    description: user.bio ?? undefined,
    alternates: {
      canonical: `${PUBLIC_BASE_URL}/u/${user.login}`,
      types: feedAlternates(`/feeds/author/${user.login}`, user.displayName || user.login),
    },
    openGraph: { type: "profile", title: user.displayName || user.login },
  };
}

export default async function AuthorPage({ params, searchParams }: Props) {
  const user = await author((await params).login);
  if (!user) notFound();
  const { after } = await searchParams;
  const [t, viewer] = await Promise.all([getTranslations("author"), getViewer()]);
  const avatar = user.avatar?.src ?? user.avatarUrl;
  return (
    <>
      <section className="flex items-center gap-4 pt-6 pb-4">
        {avatar ? (
          // eslint-disable-next-line @next/next/no-img-element -- media's own variant
          <img src={avatar} alt="" width={80} height={80} className="h-20 w-20 rounded-full object-cover" />
        ) : (
          <div aria-hidden="true" className="flex h-20 w-20 items-center justify-center rounded-full bg-gray-200 text-2xl font-bold dark:bg-gray-800">
            {(user.displayName || user.login).slice(0, 1).toUpperCase()}
          </div>
        )}
        <div>
          <h1 className="text-2xl font-bold">{user.displayName || user.login}</h1>
          <p className="text-sm text-gray-700 dark:text-gray-300">
            @{user.login} · {t("since")} <DateText value={user.createdAt} />
          </p>
          {user.bio ? <p className="mt-2">{user.bio}</p> : null}
          <p className="mt-1 text-sm text-gray-700 dark:text-gray-300">{t("followers", { count: user.followersCount })}</p>
          {viewer && viewer.id !== user.id ? (
            <div className="mt-2">
              <FollowButton kind="AUTHOR" id={user.id} following={user.viewerFollows} />
            </div>
          ) : null}
        </div>
      </section>
      <h2 className="sr-only">{t("posts")}</h2>
      <FeedList basePath={`/u/${user.login}`} after={after} authorId={user.id} />
    </>
  );
}
