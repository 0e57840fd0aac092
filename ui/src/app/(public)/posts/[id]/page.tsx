import { notFound, permanentRedirect } from "next/navigation";
import { executeOrNull } from "@/lib/graphql/client";
import { GraphQLRequestError } from "@/lib/graphql/errors";
import { graphql } from "@/lib/graphql/generated";

/** Links by post id (what notification emails carry: `/posts/<id>#comment-<n>`) lead to the
 * post's readable address `/p/<slug>`; the browser keeps the `#comment-` fragment. */
const PostSlugQuery = graphql(`
  query PostSlug($id: ID!) {
    post(id: $id) {
      slug
    }
  }
`);

type Props = { params: Promise<{ id: string }> };

export default async function PostById({ params }: Props): Promise<never> {
  const id = decodeURIComponent((await params).id);
  let slug: string | undefined;
  try {
    slug = (await executeOrNull(PostSlugQuery, { id }))?.post?.slug;
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.code === "BAD_USER_INPUT") notFound();
    throw error;
  }
  if (!slug) notFound();
  permanentRedirect(`/p/${encodeURIComponent(slug)}`);
}
