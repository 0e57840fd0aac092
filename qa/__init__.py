"""QA: the platform's journeys as code, run once (`python -m qa run`), on a schedule with metrics
(`python -m qa serve`) or as a load profile (`python -m qa load`), through public interfaces only:
the router's GraphQL and REST endpoints and a mailbox for emailed links."""
