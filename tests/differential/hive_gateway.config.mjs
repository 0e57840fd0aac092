// Hive Gateway settings for the differential tests and the bench (CONFIG_PATH=this file):
// forward the client's Authorization header to every subgraph, as our router does.
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const authorization = request.headers.get("authorization");
      return authorization ? { authorization } : {};
    },
  },
};
