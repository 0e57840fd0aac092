"use client";

import { useTranslations } from "next-intl";
import { text, useSubmit } from "@/components/auth/use-submit";
import { ErrorMessage } from "@/components/ui/error-message";
import { Success } from "@/components/ui/success";
import { Field } from "@/components/ui/field";
import { button } from "@/components/ui/styles";
import { request } from "@/lib/graphql/browser";
import { RequestPasswordResetMutation, ResendConfirmationMutation } from "@/lib/graphql/mutations";

/** One email field that asks for a link: a new confirmation, or a password restore. */
export function EmailLinkForm({ purpose }: { purpose: "resend" | "restore" }) {
  const t = useTranslations("auth");
  const { busy, error, done, onSubmit } = useSubmit(async (form) => {
    const email = text(form, "email");
    if (purpose === "resend") await request(ResendConfirmationMutation, { email });
    else await request(RequestPasswordResetMutation, { email });
  });
  if (done) return <Success>{t("linkSent")}</Success>;
  return (
    <form onSubmit={onSubmit} className="max-w-sm">
      <Field label={t("email")} name="email" type="email" autoComplete="email" required />
      <button type="submit" disabled={busy} className={button}>{purpose === "resend" ? t("sendConfirmation") : t("sendRestore")}</button>
      <ErrorMessage error={error} />
    </form>
  );
}
