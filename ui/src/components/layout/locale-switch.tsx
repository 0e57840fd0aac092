"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { LOCALES } from "@/i18n/locales";

/** Switch the language (a cookie the server reads); the page re-renders in place. */
export function LocaleSwitch() {
  const locale = useLocale();
  const router = useRouter();
  const t = useTranslations("layout");
  async function choose(next: string) {
    await fetch("/api/locale", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ locale: next }) });
    router.refresh();
  }
  return (
    <div role="group" aria-label={t("language")} className="flex gap-1">
      {LOCALES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={code === locale}
          onClick={() => void choose(code)}
          className="rounded px-1.5 py-0.5 text-xs uppercase aria-pressed:bg-gray-200 aria-pressed:font-bold dark:aria-pressed:bg-gray-700"
        >
          {code}
        </button>
      ))}
    </div>
  );
}
