"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ChangeEvent, useDeferredValue, useMemo, useState } from "react";
import { CoverImage } from "@/components/media/cover-image";
import { ErrorMessage } from "@/components/ui/error-message";
import { button, buttonQuiet, input, label } from "@/components/ui/styles";
import { request } from "@/lib/graphql/browser";
import type { ContentState, CoverFieldsFragment } from "@/lib/graphql/generated/graphql";
import { CreatePostMutation, SetPostStateMutation, UpdatePostMutation } from "@/lib/graphql/mutations";
import { renderMarkdown } from "@/lib/markdown";
import { uploadImage } from "@/lib/media/upload";

export type EditorPost = {
  id: string;
  topic: string;
  text: string;
  previewText: string;
  state: ContentState;
  tagIds: string[];
  cover: CoverFieldsFragment | null;
  /** ISO time a scheduled post waits for (null: published when approved). */
  publishAt?: string | null;
};

/** An ISO time as the value of a datetime-local input (the browser's time zone), and back. */
function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

type Props = { post: EditorPost | null; tags: { id: string; name: string }[]; canPublish: boolean };

/** Write a post: Markdown with a live preview, cover and inline images, tags; save, submit, publish. */
export function Editor({ post, tags, canPublish }: Props) {
  const t = useTranslations("editor");
  const router = useRouter();
  const [topic, setTopic] = useState(post?.topic ?? "");
  const [text, setText] = useState(post?.text ?? "");
  const [previewText, setPreviewText] = useState(post?.previewText ?? "");
  const [tagIds, setTagIds] = useState<string[]>(post?.tagIds ?? []);
  const [cover, setCover] = useState<CoverFieldsFragment | null>(post?.cover ?? null);
  const initialPublishAt = toLocalInput(post?.publishAt);
  const [publishAt, setPublishAt] = useState(initialPublishAt);
  const tReader = useTranslations("reader");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const deferred = useDeferredValue(text);
  const preview = useMemo(() => renderMarkdown(deferred), [deferred]);

  async function withBusy(what: string, action: () => Promise<void>) {
    setBusy(what);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  async function save(): Promise<{ id: string; slug: string }> {
    const fields = { topic, text, previewText, tagIds, coverImageId: cover?.id ?? null };
    const scheduled = { publishAt: fromLocalInput(publishAt) };
    if (post) {
      // publishAt only when changed: a post published once refuses it
      const input = publishAt !== initialPublishAt ? { ...fields, ...scheduled } : fields;
      return (await request(UpdatePostMutation, { id: post.id, input })).updatePost;
    }
    return (await request(CreatePostMutation, { input: { ...fields, ...scheduled } })).createPost;
  }

  const saveAnd = (state: ContentState | null) =>
    withBusy(state ?? "save", async () => {
      const saved = await save();
      if (state && state !== post?.state) await request(SetPostStateMutation, { id: saved.id, state });
      router.push(`/p/${saved.slug}`);
      router.refresh();
    });

  const onCover = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) void withBusy("cover", async () => setCover(await uploadImage(file, "COVER", topic || undefined)));
  };
  const onInline = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    void withBusy("inline", async () => {
      const image = await uploadImage(file, "INLINE");
      setText((current) => `${current}\n\n![${file.name.replace(/[\[\]]/g, "")}](${image.src ?? ""})\n`);
    });
  };
  const toggleTag = (id: string) => setTagIds((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  return (
    <form onSubmit={(e) => { e.preventDefault(); void saveAnd(null); }} className="space-y-5">
      <div>
        <label htmlFor="topic" className={label}>{t("topic")}</label>
        <input id="topic" required maxLength={512} value={topic} onChange={(e) => setTopic(e.target.value)} className={`${input} text-xl font-bold`} />
      </div>
      <div>
        <label htmlFor="cover" className={label}>{t("cover")}</label>
        {cover ? <CoverImage image={cover} sizes="720px" className="mb-2 max-h-64" /> : null}
        <div className="flex flex-wrap items-center gap-2">
          <input id="cover" type="file" accept="image/jpeg,image/png,image/webp,image/gif" onChange={onCover} className="text-sm" />
          {cover ? <button type="button" className={buttonQuiet} onClick={() => setCover(null)}>{t("removeCover")}</button> : null}
          {busy === "cover" ? <span role="status">{t("uploading")}</span> : null}
        </div>
      </div>
      <fieldset>
        <legend className={label}>{t("tags")}</legend>
        <div className="flex flex-wrap gap-3">
          {tags.map((tag) => (
            <label key={tag.id} className="inline-flex items-center gap-1 text-sm">
              <input type="checkbox" checked={tagIds.includes(tag.id)} onChange={() => toggleTag(tag.id)} />#{tag.name}
            </label>
          ))}
          {tags.length === 0 ? <span className="text-sm text-gray-700 dark:text-gray-300">{t("noTags")}</span> : null}
        </div>
      </fieldset>
      <div>
        <label htmlFor="preview-text" className={label}>{t("previewText")}</label>
        <textarea id="preview-text" maxLength={2000} rows={2} value={previewText} onChange={(e) => setPreviewText(e.target.value)} className={input} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div>
          <label htmlFor="text" className={label}>{t("text")}</label>
          <textarea id="text" required rows={18} value={text} onChange={(e) => setText(e.target.value)} className={`${input} font-mono text-sm`} />
          <label className="mt-2 inline-flex items-center gap-2 text-sm">
            {t("inlineImage")}
            <input type="file" accept="image/jpeg,image/png,image/webp,image/gif" onChange={onInline} className="text-sm" />
          </label>
          {busy === "inline" ? <span role="status" className="ml-2 text-sm">{t("uploading")}</span> : null}
        </div>
        <section aria-label={t("preview")} className="rounded-lg border border-gray-200 p-4 dark:border-gray-800">
          <h2 className="mb-2 text-sm font-medium text-gray-700 dark:text-gray-300">{t("preview")}</h2>
          <div className="prose-body" data-testid="preview" dangerouslySetInnerHTML={{ __html: preview }} />
        </section>
      </div>
      <div>
        <label htmlFor="publish-at" className={label}>{tReader("publishAt")}</label>
        <input
          id="publish-at"
          type="datetime-local"
          value={publishAt}
          onChange={(e) => setPublishAt(e.target.value)}
          aria-describedby="publish-at-hint"
          className={`${input} max-w-xs`}
        />
        <p id="publish-at-hint" className="mt-1 text-sm text-gray-700 dark:text-gray-300">{tReader("publishAtHint")}</p>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={busy !== null} className={buttonQuiet}>{t("saveDraft")}</button>
        {canPublish ? (
          <button type="button" disabled={busy !== null} className={button} onClick={() => void saveAnd("PUBLISHED")}>{t("publish")}</button>
        ) : (
          <button type="button" disabled={busy !== null} className={button} onClick={() => void saveAnd("ON_MODERATION")}>{t("submit")}</button>
        )}
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
