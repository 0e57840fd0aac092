from common.migrations import run_alembic_env
from subgraphs.notifications.models import Base

run_alembic_env(Base.metadata)
