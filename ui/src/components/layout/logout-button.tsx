"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";

/** Logs out at auth through the UI's route (which clears the httpOnly cookies). */
export function LogoutButton() {
  const t = useTranslations("layout");
  const router = useRouter();
  async function logout() {
    await fetch("/api/auth/logout", { method: "POST" });
    router.push("/");
    router.refresh();
  }
  return (
    <button type="button" onClick={() => void logout()} className="hover:underline">
      {t("logout")}
    </button>
  );
}
