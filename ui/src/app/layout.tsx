import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import { PUBLIC_BASE_URL } from "@/lib/config";
import { feedAlternates } from "@/lib/syndication";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("layout");
  return {
    metadataBase: new URL(PUBLIC_BASE_URL),
    title: { default: "Indefinite Studies", template: "%s · Indefinite Studies" },
    description: t("tagline"),
    openGraph: { siteName: "Indefinite Studies", type: "website" },
    alternates: { types: feedAlternates("/feeds/all", "Indefinite Studies") },
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#030712" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("layout");
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-white focus:p-2 dark:focus:bg-gray-900">
            {t("skip")}
          </a>
          <SiteHeader />
          <main id="main" className="mx-auto max-w-3xl px-4 pb-16">
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
