import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

type TitleKey = "loginTitle" | "signupTitle" | "resendTitle" | "restoreTitle" | "confirmTitle" | "newPasswordTitle";

/** Metadata of the sign-up/login family: a title, and kept out of search engines. */
export async function authMetadata(title: TitleKey): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t(title), robots: { index: false } };
}

export async function AuthPage({ title, children }: { title: TitleKey; children: ReactNode }) {
  const t = await getTranslations("auth");
  return (
    <div className="pt-6">
      <h1 className="mb-6 text-2xl font-bold">{t(title)}</h1>
      {children}
    </div>
  );
}
