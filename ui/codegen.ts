import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed operations from the router's API schema (`python -m indefinite.ui_schema` writes it).
 * `persistedDocuments` also writes `persisted-documents.json` ({sha256: document}): the
 * router's trusted documents manifest (ROUTER_PERSISTED__MANIFEST), checked for staleness with
 * the rest of the generated code (`make ui-check`); each document carries its hash, which the
 * client sends instead of the text.
 */
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/lib/graphql/generated/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/lib/graphql/generated/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string" },
      },
    },
  },
};

export default config;
