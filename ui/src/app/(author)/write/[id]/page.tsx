import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { executeOrNull } from "@/lib/graphql/client";
import { EditPostQuery } from "@/lib/graphql/queries";
import { EditorPage } from "../editor-page";

export async function generateMetadata() {
  return { title: (await getTranslations("editor"))("editTitle"), robots: { index: false } };
}

export default async function EditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const data = await executeOrNull(EditPostQuery, { id });
  const post = data?.post;
  if (!post) notFound();
  return (
    <EditorPage
      path={`/write/${id}`}
      post={{
        id: post.id,
        topic: post.topic,
        text: post.text,
        previewText: post.previewText,
        state: post.state,
        tagIds: post.tags.map((tag) => tag.id),
        cover: post.coverImage ?? null,
        publishAt: post.publishAt ?? null,
      }}
    />
  );
}
