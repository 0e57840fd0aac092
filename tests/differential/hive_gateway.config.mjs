// Hive Gateway settings for the differential tests and the bench (CONFIG_PATH=this file):
// forward the client's Authorization header to every subgraph, as our router does, and prove
// itself to the subgraphs with SUBGRAPH_SHARED_SECRET when set (common/gate.py).
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers = {};
      const authorization = request.headers.get("authorization");
      if (authorization) headers.authorization = authorization;
      const secret = process.env.SUBGRAPH_SHARED_SECRET;
      if (secret) headers["x-subgraph-secret"] = secret;
      return headers;
    },
  },
};
