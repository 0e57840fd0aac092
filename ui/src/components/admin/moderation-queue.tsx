"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonDanger, buttonQuiet, link } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { SetPostStateMutation } from "@/lib/graphql/mutations";

type QueuedPost = { id: string; topic: string; slug: string; author: { login: string; displayName: string } | null };

export function ModerationQueue({ posts }: { posts: QueuedPost[] }) {
  const t = useTranslations("admin");
  const { busy, error, run } = useAction();
  if (posts.length === 0) return <p className="text-sm">{t("queueEmpty")}</p>;
  return (
    <>
      <ul className="divide-y divide-gray-200 dark:divide-gray-800">
        {posts.map((post) => (
          <li key={post.id} className="flex flex-wrap items-center justify-between gap-2 py-3" data-testid="queued-post">
            <div>
              <Link href={`/p/${post.slug}`} className={link}>{post.topic}</Link>
              {post.author ? <p className="text-sm text-gray-700 dark:text-gray-300">@{post.author.login}</p> : null}
            </div>
            <div className="flex gap-2">
              <button type="button" disabled={busy} className={buttonQuiet} onClick={() => void run(() => request(SetPostStateMutation, { id: post.id, state: "PUBLISHED" }))}>
                {t("publish")}
              </button>
              <button type="button" disabled={busy} className={buttonDanger} onClick={() => void run(() => request(SetPostStateMutation, { id: post.id, state: "BLOCKED" }))}>
                {t("block")}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
    </>
  );
}
