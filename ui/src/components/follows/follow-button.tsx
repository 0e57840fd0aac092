"use client";

import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { button, buttonQuiet } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import type { FollowKind } from "@/lib/graphql/generated/graphql";
import { FollowMutation, UnfollowMutation } from "@/lib/graphql/mutations";

/** Follow or unfollow an author, a tag or a post's thread (subscriptions service). */
export function FollowButton({ kind, id, following }: { kind: FollowKind; id: string; following: boolean }) {
  const t = useTranslations("follows");
  const { busy, error, run } = useAction();
  const toggle = () => run(() => (following ? request(UnfollowMutation, { target: kind, id }) : request(FollowMutation, { target: kind, id })));
  return (
    <span className="inline-flex flex-col">
      <button type="button" disabled={busy} aria-pressed={following} className={following ? buttonQuiet : button} onClick={() => void toggle()}>
        {following ? t(`following.${kind}`) : t(`follow.${kind}`)}
      </button>
      <ErrorMessage error={error} />
    </span>
  );
}
