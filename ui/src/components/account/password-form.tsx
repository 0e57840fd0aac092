"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { Field } from "@/components/ui/field";
import { button } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { ChangePasswordMutation } from "@/lib/graphql/mutations";

/** A new password; the current one is asked (auth lets a fresh login skip it, we always ask). */
export function PasswordForm() {
  const t = useTranslations("account");
  const { busy, error, run } = useAction();
  const [done, setDone] = useState(false);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setDone(false);
    void run(() =>
      request(ChangePasswordMutation, { currentPassword: String(data.get("current") ?? ""), newPassword: String(data.get("new") ?? "") }),
    ).then((ok) => {
      setDone(ok);
      if (ok) form.reset();
    });
  }
  return (
    <form onSubmit={submit} className="max-w-sm">
      <Field label={t("currentPassword")} name="current" type="password" autoComplete="current-password" required />
      <Field label={t("newPassword")} name="new" type="password" autoComplete="new-password" required minLength={8} />
      <button type="submit" disabled={busy} className={button}>{t("changePassword")}</button>
      {done ? <p role="status" className="mt-2 text-sm">{t("passwordChanged")}</p> : null}
      <ErrorMessage error={error} />
    </form>
  );
}
