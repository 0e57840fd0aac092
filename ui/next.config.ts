import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

const config: NextConfig = {
  // ui/ has its own lockfile beside the repository's (federation tooling): this folder is the root.
  turbopack: { root: __dirname },
  outputFileTracingRoot: __dirname,
  poweredByHeader: false,
  // The image (ui/Dockerfile) ships the standalone server: only the files the build traced.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Tests and `make dev` run several builds side by side (one per port range).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  images: { unoptimized: true },
  // Notifications link system messages to /notifications: that is the inbox here.
  async redirects() {
    return [{ source: "/notifications", destination: "/inbox", permanent: true }];
  },
};

export default withNextIntl(config);
