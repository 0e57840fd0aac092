"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonDanger, buttonQuiet } from "@/components/ui/styles";
import { request } from "@/lib/graphql/browser";
import type { ContentState } from "@/lib/graphql/generated/graphql";
import { DeletePostMutation, SetPostStateMutation } from "@/lib/graphql/mutations";

type Props = { postId: string; state: ContentState; moderator: boolean; isAuthor: boolean };

/** State changes a viewer may make on a post: moderators any, authors submit/withdraw. */
export function PostModeration({ postId, state, moderator, isAuthor }: Props) {
  const t = useTranslations("post");
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>, after?: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (after) router.push(after);
      router.refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const setState = (next: ContentState) => run(() => request(SetPostStateMutation, { id: postId, state: next }));

  const targets: ContentState[] = moderator
    ? (["PUBLISHED", "ON_MODERATION", "BLOCKED"] as const).filter((s) => s !== state)
    : isAuthor && state === "NEW"
      ? ["ON_MODERATION"]
      : isAuthor && state === "ON_MODERATION"
        ? ["NEW"]
        : [];
  return (
    <>
      {targets.map((target) => (
        <button key={target} type="button" disabled={busy} className={buttonQuiet} onClick={() => void setState(target)}>
          {t(`action.${target}`)}
        </button>
      ))}
      <button type="button" disabled={busy} className={buttonDanger} onClick={() => { if (window.confirm(t("confirmDelete"))) void run(() => request(DeletePostMutation, { id: postId }), "/"); }}>
        {t("delete")}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
