import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FeedList } from "@/components/feed/feed-list";
import { FollowButton } from "@/components/follows/follow-button";
import { PUBLIC_BASE_URL } from "@/lib/config";
import { feedAlternates } from "@/lib/syndication";
import { executeOrNull } from "@/lib/graphql/client";
import { TagQuery } from "@/lib/graphql/queries";
import { getViewer } from "@/lib/session/viewer";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const data = await executeOrNull(TagQuery, { id });
  return data?.tag
    ? {
        title: `#${data.tag.name}`,
        alternates: { canonical: `${PUBLIC_BASE_URL}/tags/${id}`, types: feedAlternates(`/feeds/tag/${id}`, `#${data.tag.name}`) },
      }
    : {};
}

export default async function TagPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { after } = await searchParams;
  const data = await executeOrNull(TagQuery, { id });
  if (!data?.tag) notFound();
  const [t, viewer] = await Promise.all([getTranslations("feed"), getViewer()]);
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2 pt-6">
        <h1 className="text-2xl font-bold">{t("tagTitle", { name: data.tag.name })}</h1>
        {viewer ? <FollowButton kind="TAG" id={id} following={data.tag.viewerFollows} /> : null}
      </div>
      <FeedList basePath={`/tags/${id}`} after={after} tagId={id} />
    </>
  );
}
