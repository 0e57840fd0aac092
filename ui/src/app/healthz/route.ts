/**
 * Liveness and readiness of the UI's server (Kubernetes probes, compose's health check): the
 * process answers. The router is deliberately not asked: when it is down, pages show their error
 * state rather than the UI leaving the load balancer.
 */
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
