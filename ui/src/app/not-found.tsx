import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { link } from "@/components/ui/styles";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <div className="pt-16 text-center">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-3">{t("text")}</p>
      <p className="mt-6"><Link href="/" className={link}>{t("home")}</Link></p>
    </div>
  );
}
