"""auth: credentials, sessions, ES256 tokens (JWKS at /.well-known/jwks.json), roles and states.

HTTP 4001 (GraphQL, JWKS), gRPC 50052 (indefinite.auth.v1.AuthService). Besides the shape every
subgraph shares, `keys.py` holds the signing key and token minting and `throttle.py` the Redis
login throttle and email quota. Settings: subgraphs/auth/settings.py.
"""
