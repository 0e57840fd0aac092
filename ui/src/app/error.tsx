"use client";

import { useTranslations } from "next-intl";
import { buttonQuiet } from "@/components/ui/styles";

/** Any render failure: one calm sentence and a retry (details stay in the server log). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <div className="pt-16 text-center">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-3">{t("text")}</p>
      {error.digest ? <p className="mt-2 text-xs text-gray-700 dark:text-gray-300">{t("reference", { digest: error.digest })}</p> : null}
      <button type="button" onClick={reset} className={`${buttonQuiet} mt-6`}>{t("retry")}</button>
    </div>
  );
}
