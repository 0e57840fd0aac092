import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form";
import { link } from "@/components/ui/styles";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("loginTitle"), robots: { index: false } };
}

export default async function Page() {
  const t = await getTranslations("auth");
  return (
    <div className="pt-6">
      <h1 className="mb-6 text-2xl font-bold">{t("loginTitle")}</h1>
      <Suspense><LoginForm /></Suspense>
      <p className="mt-6 text-sm">{t("noAccount")} <Link href="/signup" className={link}>{t("signup")}</Link></p>
    </div>
  );
}
