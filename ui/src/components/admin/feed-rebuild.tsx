"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonQuiet } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { RebuildFeedMutation } from "@/lib/graphql/mutations";

/** Replay every post into the feed's read model (OWNER). */
export function FeedRebuild() {
  const t = useTranslations("admin");
  const { busy, error, run } = useAction();
  const [result, setResult] = useState<string | null>(null);
  return (
    <div>
      <button type="button" disabled={busy} className={buttonQuiet} onClick={() => void run(async () => {
        const { rebuildFeed: r } = await request(RebuildFeedMutation, { clear: false });
        setResult(t("rebuilt", { posts: r.posts, authors: r.authors, removed: r.removed, seconds: r.seconds.toFixed(1) }));
      })}>
        {busy ? t("rebuilding") : t("rebuild")}
      </button>
      {result ? <p role="status" className="mt-2 text-sm">{result}</p> : null}
      <ErrorMessage error={error} />
    </div>
  );
}
