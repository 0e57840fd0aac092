"use client";

import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonDanger } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { LogoutEverywhereMutation, RevokeSessionMutation } from "@/lib/graphql/mutations";

export type ClientSession = {
  trackId: string;
  lastSeen: string;
  userAgent?: string | null;
  clientAddress?: string | null;
  current: boolean;
};

/** The browsers and apps signed in as the viewer (sessions service), each revocable. */
export function SessionsList({ sessions }: { sessions: ClientSession[] }) {
  const t = useTranslations("account");
  const format = useFormatter();
  const { busy, error, run } = useAction();
  const router = useRouter();
  return (
    <div>
      <ul className="divide-y divide-gray-200 dark:divide-gray-800">
        {sessions.map((session) => (
          <li key={session.trackId} className="flex flex-wrap items-center justify-between gap-2 py-3" data-testid="session">
            <div className="min-w-0 text-sm">
              <p className="truncate font-medium">{session.userAgent ?? t("unknownClient")}</p>
              <p className="text-gray-700 dark:text-gray-300">
                {session.clientAddress ?? ""} · {t("lastSeen")} {format.dateTime(new Date(session.lastSeen), { dateStyle: "medium", timeStyle: "short" })}
                {session.current ? ` · ${t("thisDevice")}` : ""}
              </p>
            </div>
            {!session.current ? (
              <button type="button" disabled={busy} className={buttonDanger} onClick={() => void run(() => request(RevokeSessionMutation, { trackId: session.trackId }))}>
                {t("revoke")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <button type="button" disabled={busy} className={`${buttonDanger} mt-3`} onClick={() => void run(async () => { await request(LogoutEverywhereMutation, {}); router.push("/login"); })}>
        {t("logoutEverywhere")}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
