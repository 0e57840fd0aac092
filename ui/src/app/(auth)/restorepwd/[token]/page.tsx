import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ResetPassword } from "@/components/auth/token-forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("newPasswordTitle"), robots: { index: false } };
}

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const t = await getTranslations("auth");
  const { token } = await params;
  return (
    <div className="pt-6">
      <h1 className="mb-6 text-2xl font-bold">{t("newPasswordTitle")}</h1>
      <ResetPassword token={token} />
    </div>
  );
}
