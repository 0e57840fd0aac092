"use client";

import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { buildThreads, type Thread } from "@/components/post/comment-tree";
import { ErrorMessage } from "@/components/ui/error-message";
import { button, buttonDanger, buttonQuiet, input, link } from "@/components/ui/styles";
import { request } from "@/lib/graphql/browser";
import { Reactions } from "@/components/reader/reactions";
import type { CommentAddedSubscription, ContentState, ReactionKind } from "@/lib/graphql/generated/graphql";
import { AddCommentMutation, DeleteCommentMutation, SetCommentStateMutation } from "@/lib/graphql/mutations";
import { useLive } from "@/lib/live-client";
import { renderMarkdown } from "@/lib/markdown";

export type CommentView = {
  id: string;
  parentId?: string | null;
  html: string;
  state: ContentState;
  createdAt: string;
  /** null when profiles could not answer: the comment shows without its author. */
  author: { id: string; login: string; displayName: string } | null;
  reactions?: { counts: { kind: ReactionKind; count: number }[]; viewerReactions: ReactionKind[] };
};

type Props = { postId: string; published: boolean; comments: CommentView[]; viewerId: string | null; moderator: boolean };

/** Comments published since the page rendered (commentAdded), after the page's own; a comment the
 * page already holds (the viewer's own, after its refresh) is not shown twice. */
export function withLive(comments: CommentView[], live: CommentView[]): CommentView[] {
  const known = new Set(comments.map((c) => c.id));
  return [...comments, ...live.filter((c) => !known.has(c.id))];
}

export function Comments({ postId, published, comments: rendered, viewerId, moderator }: Props) {
  const t = useTranslations("comments");
  const [live, setLive] = useState<CommentView[]>([]);
  const router = useRouter();
  useLive<CommentAddedSubscription>(
    published ? `/api/live?op=comments&postId=${encodeURIComponent(postId)}` : null,
    ({ commentAdded }) => setLive((previous) => withLive(previous, [{ ...commentAdded, html: renderMarkdown(commentAdded.text) }])),
    () => router.refresh(), // back from a hidden tab: comments of the meantime
  );
  const comments = withLive(rendered, live);
  const threads = buildThreads(comments);
  return (
    <section aria-labelledby="comments-title" className="mt-12 border-t border-gray-200 pt-6 dark:border-gray-800">
      <h2 id="comments-title" className="text-xl font-bold">
        {t("title", { count: comments.length })}
      </h2>
      {published && viewerId ? <CommentForm postId={postId} parentId={null} /> : null}
      {published && !viewerId ? (
        <p className="mt-3 text-sm">
          <a href="/login" className={link}>{t("loginToComment")}</a>
        </p>
      ) : null}
      <ol className="mt-6 space-y-4">
        {threads.map((thread) => (
          <CommentItem key={thread.comment.id} thread={thread} postId={postId} canReply={published && !!viewerId} viewerId={viewerId} moderator={moderator} />
        ))}
      </ol>
    </section>
  );
}

type ItemProps = { thread: Thread<CommentView>; postId: string; canReply: boolean; viewerId: string | null; moderator: boolean };

function CommentItem({ thread, postId, canReply, viewerId, moderator }: ItemProps) {
  const t = useTranslations("comments");
  const format = useFormatter();
  const [replying, setReplying] = useState(false);
  const { comment } = thread;
  return (
    <li id={`comment-${comment.id}`} className="rounded-lg border border-gray-200 p-3 dark:border-gray-800" data-testid="comment">
      <p className="text-sm text-gray-700 dark:text-gray-300">
        {comment.author ? (
          <>
            <a href={`/u/${comment.author.login}`} className={link}>{comment.author.displayName || comment.author.login}</a>{" · "}
          </>
        ) : null}
        <time dateTime={comment.createdAt}>{format.dateTime(new Date(comment.createdAt), { dateStyle: "medium", timeStyle: "short" })}</time>
      </p>
      {comment.state !== "PUBLISHED" ? (
        <p className="mt-1 inline-block rounded bg-amber-50 px-2 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {t(`state.${comment.state}`)}
        </p>
      ) : null}
      <div className="prose-body mt-2" dangerouslySetInnerHTML={{ __html: comment.html }} />
      {comment.state === "PUBLISHED" && comment.reactions ? (
        <Reactions
          postId={postId}
          commentId={comment.id}
          counts={comment.reactions.counts}
          mine={comment.reactions.viewerReactions}
          canReact={viewerId !== null}
        />
      ) : null}
      <div className="mt-2 flex flex-wrap gap-2">
        {canReply ? (
          <button type="button" className={buttonQuiet} aria-expanded={replying} onClick={() => setReplying(!replying)}>
            {t("reply")}
          </button>
        ) : null}
        <CommentActions postId={postId} comment={comment} moderator={moderator} own={comment.author != null && comment.author.id === viewerId} />
      </div>
      {replying ? <CommentForm postId={postId} parentId={comment.id} onDone={() => setReplying(false)} /> : null}
      {thread.replies.length ? (
        <ol className="mt-3 space-y-3 border-l-2 border-gray-200 pl-3 sm:pl-5 dark:border-gray-700">
          {thread.replies.map((reply) => (
            <CommentItem key={reply.comment.id} thread={reply} postId={postId} canReply={canReply} viewerId={viewerId} moderator={moderator} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function CommentActions({ postId, comment, moderator, own }: { postId: string; comment: CommentView; moderator: boolean; own: boolean }) {
  const t = useTranslations("comments");
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      router.refresh();
    } catch (caught) {
      setError(caught);
    }
  }
  const setState = (state: ContentState) => run(() => request(SetCommentStateMutation, { postId, id: comment.id, state }));
  return (
    <>
      {moderator && comment.state !== "PUBLISHED" ? (
        <button type="button" className={buttonQuiet} onClick={() => void setState("PUBLISHED")}>{t("publish")}</button>
      ) : null}
      {moderator && comment.state !== "BLOCKED" ? (
        <button type="button" className={buttonQuiet} onClick={() => void setState("BLOCKED")}>{t("block")}</button>
      ) : null}
      {moderator || own ? (
        <button type="button" className={buttonDanger} onClick={() => void run(() => request(DeleteCommentMutation, { postId, id: comment.id }))}>
          {t("delete")}
        </button>
      ) : null}
      <ErrorMessage error={error} />
    </>
  );
}

function CommentForm({ postId, parentId, onDone }: { postId: string; parentId: string | null; onDone?: () => void }) {
  const t = useTranslations("comments");
  const router = useRouter();
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = `comment-text-${parentId ?? "root"}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { addComment } = await request(AddCommentMutation, { postId, text, parentId });
      setText("");
      setNote(addComment.state === "PUBLISHED" ? null : t("awaiting"));
      onDone?.();
      router.refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="mt-3">
      <label htmlFor={fieldId} className="sr-only">
        {parentId ? t("replyLabel") : t("label")}
      </label>
      <textarea id={fieldId} required value={text} onChange={(e) => setText(e.target.value)} rows={3} className={input} placeholder={t("placeholder")} />
      <button type="submit" disabled={busy || !text.trim()} className={`${button} mt-2`}>
        {parentId ? t("sendReply") : t("send")}
      </button>
      {note ? <p role="status" className="mt-2 text-sm">{note}</p> : null}
      <ErrorMessage error={error} />
    </form>
  );
}
