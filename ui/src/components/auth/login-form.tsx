"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { text, useSubmit } from "@/components/auth/use-submit";
import { ErrorMessage } from "@/components/ui/error-message";
import { Field } from "@/components/ui/field";
import { button, link } from "@/components/ui/styles";
import { firstError, type GraphQLErrorPayload } from "@/lib/graphql/errors";

/** Only same-site paths are followed after login (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginForm() {
  const t = useTranslations("auth");
  const router = useRouter();
  const next = safeNext(useSearchParams().get("next"));
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const response = await fetch("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: text(form, "email"), password: text(form, "password") }),
    });
    const body = (await response.json()) as { errors?: GraphQLErrorPayload[] };
    const failure = firstError(body.errors);
    if (failure) throw failure;
    router.push(next);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} className="max-w-sm">
      <Field label={t("email")} name="email" type="email" autoComplete="email" required />
      <Field label={t("password")} name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={busy} className={button}>{t("login")}</button>
      <ErrorMessage error={error} />
      <p className="mt-4 text-sm">
        <Link href="/restorepwd" className={link}>{t("forgot")}</Link> · <Link href="/signup/resend" className={link}>{t("resend")}</Link>
      </p>
    </form>
  );
}
