"use client";

import { useTranslations } from "next-intl";
import { text, useSubmit } from "@/components/auth/use-submit";
import { ErrorMessage } from "@/components/ui/error-message";
import { Success } from "@/components/ui/success";
import { Field } from "@/components/ui/field";
import { button } from "@/components/ui/styles";
import { request } from "@/lib/graphql/browser";
import { SignUpMutation } from "@/lib/graphql/mutations";

export function SignUpForm() {
  const t = useTranslations("auth");
  const { busy, error, done, onSubmit } = useSubmit(async (form) => {
    await request(SignUpMutation, { email: text(form, "email"), password: text(form, "password"), login: text(form, "login") });
  });
  if (done) return <Success>{t("checkEmail")}</Success>;
  return (
    <form onSubmit={onSubmit} className="max-w-sm">
      <Field label={t("email")} name="email" type="email" autoComplete="email" required />
      <Field label={t("loginName")} name="login" autoComplete="username" required minLength={2} maxLength={64} />
      <Field label={t("password")} name="password" type="password" autoComplete="new-password" required minLength={8} />
      <button type="submit" disabled={busy} className={button}>{t("signup")}</button>
      <ErrorMessage error={error} />
    </form>
  );
}
