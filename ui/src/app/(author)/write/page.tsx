import { getTranslations } from "next-intl/server";
import { EditorPage } from "./editor-page";

export async function generateMetadata() {
  return { title: (await getTranslations("editor"))("newTitle"), robots: { index: false } };
}

export default function WritePage() {
  return <EditorPage post={null} path="/write" />;
}
