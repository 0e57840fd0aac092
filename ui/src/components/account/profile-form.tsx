"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { Field } from "@/components/ui/field";
import { button, input, label } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import { UpdateProfileMutation } from "@/lib/graphql/mutations";
import { uploadImage } from "@/lib/media/upload";

type Props = { displayName: string; bio: string | null; avatarSrc: string | null };

export function ProfileForm({ displayName, bio, avatarSrc }: Props) {
  const t = useTranslations("account");
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const [avatar, setAvatar] = useState(avatarSrc);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    void run(() => request(UpdateProfileMutation, { input: { displayName: String(form.get("displayName") ?? ""), bio: String(form.get("bio") ?? "") } })).then(setSaved);
  }
  function onAvatar(file: File | undefined) {
    if (!file) return;
    void run(async () => {
      const image = await uploadImage(file, "AVATAR");
      await request(UpdateProfileMutation, { input: { avatarImageId: image.id } });
      setAvatar(image.src ?? null);
    });
  }
  return (
    <form onSubmit={submit}>
      <div className="mb-4 flex items-center gap-4">
        {avatar ? (
          // eslint-disable-next-line @next/next/no-img-element -- media's own variant
          <img src={avatar} alt="" width={64} height={64} className="h-16 w-16 rounded-full object-cover" />
        ) : null}
        <label className="text-sm">
          <span className={label}>{t("avatar")}</span>
          <input type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => onAvatar(e.target.files?.[0])} />
        </label>
      </div>
      <Field label={t("displayName")} name="displayName" defaultValue={displayName} maxLength={128} />
      <div className="mb-4">
        <label htmlFor="bio" className={label}>{t("bio")}</label>
        <textarea id="bio" name="bio" rows={3} defaultValue={bio ?? ""} className={input} />
      </div>
      <button type="submit" disabled={busy} className={button}>{t("save")}</button>
      {saved ? <p role="status" className="mt-2 text-sm">{t("saved")}</p> : null}
      <ErrorMessage error={error} />
    </form>
  );
}
