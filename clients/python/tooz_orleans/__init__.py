"""Orleans.Coord as a Tooz backend: ``tooz.coordination.get_coordinator("orleans://host:50051", member_id)``."""

from tooz_orleans.driver import OrleansDriver

__all__ = ["OrleansDriver"]
