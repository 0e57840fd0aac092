"use client";

import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import type { ReactionKind } from "@/lib/graphql/generated/graphql";
import { ReactMutation, UnreactMutation } from "@/lib/graphql/mutations";
import { REACTION_ICONS } from "@/components/reader/reaction-icons";


type Props = {
  postId: string;
  commentId?: string;
  counts: { kind: ReactionKind; count: number }[];
  mine: ReactionKind[];
  /** Signed in: the buttons toggle; anonymous: the counts only. */
  canReact: boolean;
};

/** A post's or comment's reactions: one toggle per kind with its count. */
export function Reactions({ postId, commentId, counts, mine, canReact }: Props) {
  const t = useTranslations("reader");
  const { busy, error, run } = useAction();
  const toggle = (kind: ReactionKind) => {
    const variables = { postId, commentId: commentId ?? null, kind };
    return run(() => (mine.includes(kind) ? request(UnreactMutation, variables) : request(ReactMutation, variables)));
  };
  return (
    <div className="mt-3">
      <ul className="flex flex-wrap gap-2" aria-label={t("reactions")}>
        {counts.map(({ kind, count }) => {
          const pressed = mine.includes(kind);
          const text = `${REACTION_ICONS[kind]} ${count}`;
          const label = t("reaction", { kind: t(`kind.${kind}`), count });
          return (
            <li key={kind}>
              {canReact ? (
                <button
                  type="button"
                  disabled={busy}
                  aria-pressed={pressed}
                  aria-label={label}
                  title={t(`kind.${kind}`)}
                  className={`rounded-full border px-2.5 py-0.5 text-sm ${pressed ? "border-indigo-600 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-950" : "border-gray-300 dark:border-gray-600"}`}
                  onClick={() => void toggle(kind)}
                >
                  {text}
                </button>
              ) : (
                <span aria-label={label} title={t(`kind.${kind}`)} className="rounded-full border border-gray-300 px-2.5 py-0.5 text-sm dark:border-gray-600">
                  {text}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={error} />
    </div>
  );
}
