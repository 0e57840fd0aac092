import { proxySyndication } from "@/lib/syndication";

/** RSS / Atom / JSON Feed, served on the site's own origin from the router (`/feeds/...`). */
export async function GET(request: Request): Promise<Response> {
  return proxySyndication(request);
}
