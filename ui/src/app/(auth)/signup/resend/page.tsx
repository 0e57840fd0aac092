import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EmailLinkForm } from "@/components/auth/email-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("resendTitle"), robots: { index: false } };
}

export default async function Page() {
  const t = await getTranslations("auth");
  return (
    <div className="pt-6">
      <h1 className="mb-6 text-2xl font-bold">{t("resendTitle")}</h1>
      <EmailLinkForm purpose="resend" />
    </div>
  );
}
