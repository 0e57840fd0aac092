import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { AuthPage, authMetadata } from "@/components/auth/auth-page";
import { LoginForm } from "@/components/auth/login-form";
import { link } from "@/components/ui/styles";

export const generateMetadata = () => authMetadata("loginTitle");

export default async function LoginPage() {
  const t = await getTranslations("auth");
  return (
    <AuthPage title="loginTitle">
      <Suspense>
        <LoginForm />
      </Suspense>
      <p className="mt-6 text-sm">
        {t("noAccount")} <Link href="/signup" className={link}>{t("signup")}</Link>
      </p>
    </AuthPage>
  );
}
