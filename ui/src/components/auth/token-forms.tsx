"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { text, useSubmit } from "@/components/auth/use-submit";
import { ErrorMessage } from "@/components/ui/error-message";
import { Success } from "@/components/ui/success";
import { Field } from "@/components/ui/field";
import { button, link } from "@/components/ui/styles";
import { request } from "@/lib/graphql/browser";
import { ConfirmEmailMutation, ResetPasswordMutation } from "@/lib/graphql/mutations";

/** `/signup/<token>`: one press confirms (a GET never spends the single-use token). */
export function ConfirmEmail({ token }: { token: string }) {
  const t = useTranslations("auth");
  const { busy, error, done, onSubmit } = useSubmit(async () => {
    await request(ConfirmEmailMutation, { token });
  });
  if (done) {
    return (
      <Success>
        {t("confirmed")} <Link href="/login" className={link}>{t("login")}</Link>
      </Success>
    );
  }
  return (
    <form onSubmit={onSubmit}>
      <button type="submit" disabled={busy} className={button}>{t("confirm")}</button>
      <ErrorMessage error={error} />
    </form>
  );
}

/** `/restorepwd/<token>`: a new password (every session ends). */
export function ResetPassword({ token }: { token: string }) {
  const t = useTranslations("auth");
  const { busy, error, done, onSubmit } = useSubmit(async (form) => {
    await request(ResetPasswordMutation, { token, newPassword: text(form, "password") });
  });
  if (done) {
    return (
      <Success>
        {t("passwordSet")} <Link href="/login" className={link}>{t("login")}</Link>
      </Success>
    );
  }
  return (
    <form onSubmit={onSubmit} className="max-w-sm">
      <Field label={t("newPassword")} name="password" type="password" autoComplete="new-password" required minLength={8} />
      <button type="submit" disabled={busy} className={button}>{t("setPassword")}</button>
      <ErrorMessage error={error} />
    </form>
  );
}
