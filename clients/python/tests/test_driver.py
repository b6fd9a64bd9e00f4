"""The driver's own behaviour, against a real silo process over gRPC (TOOZ_TEST_URL, as for Tooz's tests; see
run_tooz_tests.sh). Tooz's functional tests cover the coordinator API; these cover what the driver adds around it."""

import os
import threading
import time
import uuid

import pytest
from tooz import coordination

URL = os.environ.get("TOOZ_TEST_URL")

pytestmark = pytest.mark.skipif(not URL, reason="TOOZ_TEST_URL names no silo")


def _wait_until(condition, timeout=10.0):
    """Polls ``condition`` every 50 ms until it holds; False when it still does not after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def coordinator():
    coord = coordination.get_coordinator(URL, ("driver-test-" + uuid.uuid4().hex).encode())
    coord.start()
    yield coord
    coord.stop()


def test_a_keep_alive_stream_reopened_after_it_broke_leaves_no_thread_behind(coordinator):
    threads_at_start = len(threading.enumerate())
    for _ in range(5):
        reader = coordinator._keepalive_thread
        # Break the stream as a network error or a silo restart does: the reader sees the call end.
        coordinator._keepalive_call.cancel()
        reader.join(10)
        assert not reader.is_alive(), "the keep-alive reader did not see its stream end"
        coordinator.heartbeat()
        assert coordinator._keepalive_thread.is_alive(), "heartbeat() did not open a new keep-alive stream"

    # Each broken stream's reader and grpcio's thread that sent its requests end; only the newest stream's remain.
    assert _wait_until(lambda: len(threading.enumerate()) <= threads_at_start), \
        "threads left behind: %s" % sorted(t.name for t in threading.enumerate())

    # The session lives on through the reopened stream: a lock is granted to it.
    lock = coordinator.get_lock(("driver-test-" + uuid.uuid4().hex).encode())
    assert lock.acquire(blocking=False)
    assert lock.release()


def test_a_stopped_coordinator_leaves_no_keep_alive_thread_behind():
    threads_before = len(threading.enumerate())
    coord = coordination.get_coordinator(URL, ("driver-test-" + uuid.uuid4().hex).encode())
    coord.start()
    coord.stop()
    assert _wait_until(lambda: len(threading.enumerate()) <= threads_before), \
        "threads left behind: %s" % sorted(t.name for t in threading.enumerate())


def test_a_stopped_coordinator_answers_every_call_with_a_tooz_connection_error():
    coord = coordination.get_coordinator(URL, ("driver-test-" + uuid.uuid4().hex).encode())
    coord.start()
    coord.stop()
    calls = [
        lambda: coord.get_members(b"driver-test-group").get(),
        lambda: coord.get_lock(b"driver-test-lock").acquire(blocking=False),
        lambda: coord.get_leader(b"driver-test-group").get(),
    ]
    for call in calls:
        with pytest.raises(coordination.ToozConnectionError, match="connection is closed"):
            call()
