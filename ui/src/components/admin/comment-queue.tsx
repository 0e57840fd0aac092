"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonDanger, buttonQuiet, link } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { SetCommentStateMutation } from "@/lib/graphql/mutations";

type QueuedComment = {
  id: string;
  postId: string;
  text: string;
  author: { login: string } | null;
  post: { topic: string; slug: string } | null;
};

/** Comments awaiting moderation across every post, with the post each belongs to. */
export function CommentQueue({ comments }: { comments: QueuedComment[] }) {
  const t = useTranslations("admin");
  const { busy, error, run } = useAction();
  if (comments.length === 0) return <p className="text-sm">{t("queueEmpty")}</p>;
  const moderate = (comment: QueuedComment, state: "PUBLISHED" | "BLOCKED") =>
    void run(() => request(SetCommentStateMutation, { postId: comment.postId, id: comment.id, state }));
  return (
    <>
      <ul className="divide-y divide-gray-200 dark:divide-gray-800">
        {comments.map((comment) => (
          <li key={`${comment.postId}/${comment.id}`} className="flex flex-wrap items-start justify-between gap-2 py-3" data-testid="queued-comment">
            <div className="min-w-0 flex-1">
              <p className="whitespace-pre-wrap break-words">{comment.text}</p>
              <p className="text-sm text-gray-700 dark:text-gray-300">
                {comment.author ? `@${comment.author.login} · ` : ""}
                {comment.post ? <Link href={`/p/${comment.post.slug}#comment-${comment.id}`} className={link}>{comment.post.topic}</Link> : null}
              </p>
            </div>
            <div className="flex gap-2">
              <button type="button" disabled={busy} className={buttonQuiet} onClick={() => moderate(comment, "PUBLISHED")}>
                {t("publish")}
              </button>
              <button type="button" disabled={busy} className={buttonDanger} onClick={() => moderate(comment, "BLOCKED")}>
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
