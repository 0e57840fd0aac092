"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonQuiet, link } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import type { AccountQuery } from "@/lib/graphql/generated/graphql";
import { UnfollowMutation } from "@/lib/graphql/mutations";

type FollowView = AccountQuery["myFollows"]["nodes"][number];

function target(follow: FollowView): { href: string; label: string } | null {
  if (follow.user) return { href: `/u/${follow.user.login}`, label: follow.user.displayName || follow.user.login };
  if (follow.tag) return { href: `/tags/${follow.tag.id}`, label: `#${follow.tag.name}` };
  if (follow.post) return { href: `/p/${follow.post.slug}`, label: follow.post.topic };
  return null;
}

/** What the viewer follows, each with an unfollow button. */
export function FollowsList({ follows }: { follows: FollowView[] }) {
  const t = useTranslations("follows");
  const { busy, error, run } = useAction();
  if (follows.length === 0) return <p className="text-sm">{t("none")}</p>;
  return (
    <>
      <ul className="divide-y divide-gray-200 dark:divide-gray-800">
        {follows.map((follow) => {
          const shown = target(follow);
          return (
            <li key={`${follow.kind}-${follow.targetId}`} className="flex items-center justify-between gap-2 py-2" data-testid="follow">
              <span className="text-sm">
                <span className="text-gray-700 dark:text-gray-300">{t(`kind.${follow.kind}`)}: </span>
                {shown ? <Link href={shown.href} className={link}>{shown.label}</Link> : follow.targetId}
              </span>
              <button type="button" disabled={busy} className={buttonQuiet} onClick={() => void run(() => request(UnfollowMutation, { target: follow.kind, id: follow.targetId }))}>
                {t("unfollow")}
              </button>
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={error} />
    </>
  );
}
