#!/usr/bin/env node
// Compose a Federation 2 supergraph from subgraph SDLs.
//
// stdin:  JSON array [{"name": "...", "url": "http://...", "sdl": "..."}]
// stdout: the supergraph SDL (exit 0)
// stderr: one line per composition error, "[subgraph] CODE: message" (exit 1);
//         bad input is exit 2.
//
// The composer is The Guild's @theguild/federation-composition (MIT), which
// accepts federation up to v2.9 and emits the same supergraph as Apollo's.
import { readFileSync } from "node:fs";
import { parse } from "graphql";
import {
  composeServices,
  compositionHasErrors,
} from "@theguild/federation-composition";

function fail(message) {
  process.stderr.write(`compose: ${message}\n`);
  process.exit(2);
}

let input;
try {
  input = JSON.parse(readFileSync(0, "utf8"));
} catch (err) {
  fail(`stdin is not JSON: ${err.message}`);
}
if (!Array.isArray(input) || input.length === 0) {
  fail("stdin must be a non-empty JSON array of {name, url, sdl}");
}

const services = [];
const parseErrors = [];
for (const [index, item] of input.entries()) {
  if (typeof item?.name !== "string" || typeof item?.sdl !== "string") {
    fail(`item ${index} needs string "name" and "sdl"`);
  }
  try {
    services.push({ name: item.name, url: item.url, typeDefs: parse(item.sdl) });
  } catch (err) {
    parseErrors.push(`[${item.name}] GRAPHQL_PARSE_FAILED: ${err.message}`);
  }
}
if (parseErrors.length > 0) {
  process.stderr.write(`composition failed: ${parseErrors.length} error(s)\n`);
  process.stderr.write(parseErrors.map((line) => `  ${line}\n`).join(""));
  process.exit(1);
}

const result = composeServices(services);
if (compositionHasErrors(result)) {
  process.stderr.write(`composition failed: ${result.errors.length} error(s)\n`);
  for (const error of result.errors) {
    const code = error.extensions?.code ?? "COMPOSITION_ERROR";
    process.stderr.write(`  ${code}: ${error.message}\n`);
  }
  process.exit(1);
}
process.stdout.write(result.supergraphSdl.endsWith("\n") ? result.supergraphSdl : `${result.supergraphSdl}\n`);
