"use client";

import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonQuiet } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { BookmarkMutation, UnbookmarkMutation } from "@/lib/graphql/mutations";

/** Put a post on the reader's reading list, or take it off. */
export function BookmarkButton({ postId, bookmarked }: { postId: string; bookmarked: boolean }) {
  const t = useTranslations("reader");
  const { busy, error, run } = useAction();
  const toggle = () => run(() => (bookmarked ? request(UnbookmarkMutation, { postId }) : request(BookmarkMutation, { postId })));
  return (
    <span className="inline-flex flex-col">
      <button type="button" disabled={busy} aria-pressed={bookmarked} className={buttonQuiet} onClick={() => void toggle()}>
        {bookmarked ? t("bookmarked") : t("bookmark")}
      </button>
      <ErrorMessage error={error} />
    </span>
  );
}
