"""media: images on S3. Browsers upload straight to the bucket with a presigned POST; media
verifies what arrived, strips its metadata, writes responsive variants asynchronously and owns
the `Image` entity."""
