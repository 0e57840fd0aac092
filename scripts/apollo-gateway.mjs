#!/usr/bin/env node
// Reference gateway: @apollo/gateway + @apollo/server over a supergraph file.
//
// usage: node scripts/apollo-gateway.mjs --supergraph PATH [--host 127.0.0.1] [--port 4000]
// Serves /graphql (standalone server answers any path). Ready when `{ __typename }` answers.
// Used by tests/gateways.py (differential tests) and bench/gateways.py.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const { values } = parseArgs({
  options: {
    supergraph: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "4000" },
  },
});
if (!values.supergraph) {
  process.stderr.write("apollo-gateway: --supergraph PATH is required\n");
  process.exit(2);
}

const server = new ApolloServer({
  gateway: new ApolloGateway({ supergraphSdl: readFileSync(values.supergraph, "utf8") }),
  introspection: true,
  includeStacktraceInErrorResponses: false,
  // Loopback test/bench tool: clients are scripts, not browsers.
  csrfPrevention: false,
});
const { url } = await startStandaloneServer(server, {
  listen: { host: values.host, port: Number(values.port) },
});
process.stdout.write(`apollo-gateway ready at ${url}\n`);

async function shutdown() {
  await server.stop();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
