import { proxySyndication } from "@/lib/syndication";

/** The sitemap robots expect at the site's root, from the router (`/sitemap.xml`). */
export async function GET(request: Request): Promise<Response> {
  return proxySyndication(request);
}
