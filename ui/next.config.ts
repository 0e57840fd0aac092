import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

const config: NextConfig = {
  poweredByHeader: false,
  // Tests and `make dev` run several builds side by side (one per port range).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  images: { unoptimized: true },
};

export default withNextIntl(config);
