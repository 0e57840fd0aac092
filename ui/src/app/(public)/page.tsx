import { getTranslations } from "next-intl/server";
import { FeedList } from "@/components/feed/feed-list";
import { PUBLIC_BASE_URL } from "@/lib/config";

export const metadata = { alternates: { canonical: `${PUBLIC_BASE_URL}/` } };

export default async function HomePage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const { after } = await searchParams;
  const t = await getTranslations("feed");
  return (
    <>
      <h1 className="sr-only">{t("title")}</h1>
      <FeedList basePath="/" after={after} />
    </>
  );
}
