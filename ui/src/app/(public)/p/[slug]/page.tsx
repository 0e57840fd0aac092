import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getTranslations } from "next-intl/server";
import { Byline } from "@/components/feed/byline";
import { TagList } from "@/components/feed/tag-list";
import { FollowButton } from "@/components/follows/follow-button";
import { CoverImage } from "@/components/media/cover-image";
import { Comments } from "@/components/post/comments";
import { PostModeration } from "@/components/post/post-moderation";
import { BookmarkButton } from "@/components/reader/bookmark-button";
import { Reactions } from "@/components/reader/reactions";
import { DateText } from "@/components/ui/date";
import { buttonQuiet } from "@/components/ui/styles";
import { PUBLIC_BASE_URL } from "@/lib/config";
import { executeOrNull } from "@/lib/graphql/client";
import { PostQuery } from "@/lib/graphql/queries";
import { renderMarkdown } from "@/lib/markdown";
import { atLeast, getViewer } from "@/lib/session/viewer";

type Props = { params: Promise<{ slug: string }> };

/** Once per request: metadata and the page share it. */
const loadPost = cache(async (slug: string) => {
  return (await executeOrNull(PostQuery, { slug: decodeURIComponent(slug) }))?.postBySlug ?? null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const post = await loadPost((await params).slug);
  if (!post) return {};
  const url = `${PUBLIC_BASE_URL}/p/${post.slug}`;
  return {
    title: post.topic,
    description: post.previewText || undefined,
    alternates: { canonical: url },
    openGraph: {
      type: "article",
      url,
      title: post.topic,
      description: post.previewText || undefined,
      publishedTime: post.publishedAt ?? undefined,
      authors: post.author ? [`${PUBLIC_BASE_URL}/u/${post.author.login}`] : undefined,
      tags: post.tags.map((tag) => tag.name),
      images: post.coverImage?.src ? [{ url: post.coverImage.src, width: post.coverImage.width ?? undefined, height: post.coverImage.height ?? undefined }] : undefined,
    },
  };
}

export default async function PostPage({ params }: Props) {
  const post = await loadPost((await params).slug);
  if (!post) notFound();
  const [t, viewer] = await Promise.all([getTranslations("post"), getViewer()]);
  const moderator = atLeast(viewer, "MODERATOR");
  const isAuthor = viewer != null && post.author != null && viewer.id === post.author.id;
  return (
    <article className="pt-6">
      {post.state !== "PUBLISHED" ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {t(`state.${post.state}`)}
          {post.state === "SCHEDULED" && post.publishAt ? (
            <>
              {" "}
              <DateText value={post.publishAt} />
            </>
          ) : null}
        </p>
      ) : null}
      <h1 className="text-3xl font-bold leading-tight sm:text-4xl">{post.topic}</h1>
      <p className="mt-2 text-sm text-gray-700 dark:text-gray-300">
        <Byline author={post.author} publishedAt={post.publishedAt} readingTime={t("readingTime", { minutes: post.readingMinutes })} />
      </p>
      <TagList tags={post.tags} label={t("tags")} />
      {(isAuthor || moderator) ? (
        <div className="mt-4 flex flex-wrap gap-2">
          {isAuthor || viewer?.role === "OWNER" ? (
            <Link href={`/write/${post.id}`} className={buttonQuiet}>
              {t("edit")}
            </Link>
          ) : null}
          <PostModeration postId={post.id} state={post.state} moderator={moderator} isAuthor={isAuthor} />
        </div>
      ) : null}
      {post.coverImage ? (
        <div className="mt-6">
          <CoverImage image={post.coverImage} sizes="(max-width: 768px) 100vw, 720px" priority />
        </div>
      ) : null}
      <div className="prose-body mt-6" dangerouslySetInnerHTML={{ __html: renderMarkdown(post.text) }} />
      {post.state === "PUBLISHED" ? (
        <Reactions
          postId={post.id}
          counts={post.reactions.counts}
          mine={post.reactions.viewerReactions}
          canReact={viewer !== null}
        />
      ) : null}
      {viewer && post.state === "PUBLISHED" ? (
        <div className="mt-8 flex flex-wrap gap-2">
          <FollowButton kind="POST" id={post.id} following={post.viewerFollows} />
          <BookmarkButton postId={post.id} bookmarked={post.viewerBookmarked} />
        </div>
      ) : null}
      <Comments
        postId={post.id}
        published={post.state === "PUBLISHED"}
        comments={post.comments.nodes.map((c) => ({ ...c, html: renderMarkdown(c.text) }))}
        viewerId={viewer?.id ?? null}
        moderator={moderator}
      />
    </article>
  );
}
