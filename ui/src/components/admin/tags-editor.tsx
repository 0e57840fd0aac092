"use client";

import { useTranslations } from "next-intl";
import { type FormEvent } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { buttonQuiet, input } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { CreateTagMutation, RenameTagMutation } from "@/lib/graphql/mutations";

/** Create and rename tags (OWNER). */
export function TagsEditor({ tags }: { tags: { id: string; name: string }[] }) {
  const t = useTranslations("admin");
  const { busy, error, run } = useAction();
  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (name) void run(() => request(CreateTagMutation, { name })).then((ok) => ok && form.reset());
  }
  function rename(id: string, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (name) void run(() => request(RenameTagMutation, { id, name }));
  }
  return (
    <div className="space-y-3">
      <ul className="space-y-2">
        {tags.map((tag) => (
          <li key={tag.id}>
            <form onSubmit={(e) => rename(tag.id, e)} className="flex gap-2">
              <input name="name" defaultValue={tag.name} aria-label={t("tagName", { name: tag.name })} className={input} />
              <button type="submit" disabled={busy} className={buttonQuiet}>{t("rename")}</button>
            </form>
          </li>
        ))}
      </ul>
      <form onSubmit={create} className="flex gap-2">
        <input name="name" aria-label={t("newTag")} placeholder={t("newTag")} className={input} />
        <button type="submit" disabled={busy} className={buttonQuiet}>{t("createTag")}</button>
      </form>
      <ErrorMessage error={error} />
    </div>
  );
}
