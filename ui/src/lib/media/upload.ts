"use client";

import { request } from "@/lib/graphql/browser";
import { GraphQLRequestError } from "@/lib/graphql/errors";
import type { CoverFieldsFragment, ImagePurpose } from "@/lib/graphql/generated/graphql";
import { CompleteImageUploadMutation, CreateImageUploadMutation } from "@/lib/graphql/mutations";
import { ImageQuery } from "@/lib/graphql/queries";

const POLL_MS = 500;
const POLL_LIMIT = 60;

/**
 * Upload straight to S3 through media's presigned POST (the file never passes through the UI's
 * server), then have media verify it and wait until its variants are READY.
 */
export async function uploadImage(file: File, purpose: ImagePurpose, alt?: string): Promise<CoverFieldsFragment> {
  const { createImageUpload: upload } = await request(CreateImageUploadMutation, {
    purpose,
    contentType: file.type,
    size: file.size,
    alt: alt ?? null,
  });
  const form = new FormData();
  for (const field of upload.fields) form.append(field.name, field.value);
  form.append("file", file);
  const stored = await fetch(upload.url, { method: "POST", body: form }).catch(() => null);
  if (!stored || !stored.ok) {
    throw new GraphQLRequestError({ message: "upload", extensions: { code: "UNAVAILABLE" } });
  }
  await request(CompleteImageUploadMutation, { id: upload.image.id });
  for (let attempt = 0; attempt < POLL_LIMIT; attempt++) {
    const { image } = await request(ImageQuery, { id: upload.image.id });
    if (image?.state === "READY") return image;
    if (image?.state === "REJECTED") {
      throw new GraphQLRequestError({ message: image.rejectReason ?? "rejected", extensions: { code: "BAD_USER_INPUT" } });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new GraphQLRequestError({ message: "processing", extensions: { code: "UNAVAILABLE" } });
}
