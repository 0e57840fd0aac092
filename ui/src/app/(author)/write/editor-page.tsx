import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Editor, type EditorPost } from "@/components/editor/editor";
import { execute } from "@/lib/graphql/client";
import { TagsQuery } from "@/lib/graphql/queries";
import { atLeast, getViewer } from "@/lib/session/viewer";

/** The editor, for WRITER and above; moderators (and trusted authors) publish directly. */
export async function EditorPage({ post, path }: { post: EditorPost | null; path: string }) {
  const viewer = await getViewer();
  if (!viewer) redirect(`/login?next=${encodeURIComponent(path)}`);
  const t = await getTranslations("editor");
  if (!atLeast(viewer, "WRITER")) return <p className="pt-6">{t("notWriter")}</p>;
  const { tags } = await execute(TagsQuery, { first: 100, after: null });
  return (
    <div className="pt-6">
      <h1 className="mb-6 text-2xl font-bold">{post ? t("editTitle") : t("newTitle")}</h1>
      <Editor post={post} tags={tags.nodes} canPublish={atLeast(viewer, "MODERATOR")} />
    </div>
  );
}
