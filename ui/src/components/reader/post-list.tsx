import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { TagList } from "@/components/feed/tag-list";
import { Byline } from "@/components/feed/byline";

export type ListedPost = {
  id: string;
  topic: string;
  slug: string;
  previewText: string;
  publishedAt?: string | null;
  readingMinutes: number;
  /** null when profiles could not answer (the byline then shows no author). */
  author: { login: string; displayName: string } | null;
  tags: { id: string; name: string }[];
};

/** One post in a list of search results or bookmarks (`below`: a snippet instead of the preview). */
export function ListedPostItem({ post, below }: { post: ListedPost; below?: ReactNode }) {
  const t = useTranslations("feed");
  return (
    <article className="border-b border-gray-200 py-5 dark:border-gray-800">
      <h2 className="text-xl font-bold leading-snug">
        <Link href={`/p/${post.slug}`} className="hover:underline">
          {post.topic}
        </Link>
      </h2>
      <p className="mt-1 text-sm text-gray-700 dark:text-gray-300">
        <Byline author={post.author} publishedAt={post.publishedAt} readingTime={t("readingTime", { minutes: post.readingMinutes })} />
      </p>
      {below ?? (post.previewText ? <p className="mt-2 text-gray-800 dark:text-gray-200">{post.previewText}</p> : null)}
      <TagList tags={post.tags} label={t("tags")} />
    </article>
  );
}
