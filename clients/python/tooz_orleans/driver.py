"""Tooz driver for Orleans.Coord, over its gRPC API (package orleans.coord.v1).

URL: ``orleans://host:port?timeout=30`` (Tooz's ``timeout`` option is the session TTL in seconds, default 30).

The session is renewed only by ``heartbeat()`` (call it, or start Tooz's heart with ``start(start_heart=True)``):
a coordinator that stops heartbeating is expired by the cluster after its TTL, and loses its memberships, locks and
leaderships, as in Tooz's other timeout-based drivers. Watches are fed by the server's watch stream:
``run_watchers()`` only hands over events that have already arrived. For elections, ``run_watchers()`` runs for
leadership (a non-blocking campaign) in each group that has an elected-as-leader callback, as Tooz's drivers do.
"""

import collections
import os
import queue
import threading
import weakref

# grpcio supports fork() (Tooz's tests and many OpenStack services fork) only when this is set before grpc is imported;
# an application that sets these variables itself keeps its values.
os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "true")
os.environ.setdefault("GRPC_POLL_STRATEGY", "poll")

import grpc  # noqa: E402
import tooz
from tooz import coordination
from tooz import locking
from tooz import utils

from tooz_orleans._proto import elections_pb2
from tooz_orleans._proto import elections_pb2_grpc
from tooz_orleans._proto import groups_pb2
from tooz_orleans._proto import groups_pb2_grpc
from tooz_orleans._proto import locks_pb2
from tooz_orleans._proto import locks_pb2_grpc
from tooz_orleans._proto import sessions_pb2
from tooz_orleans._proto import sessions_pb2_grpc

ERROR_TYPE_KEY = "coord-error-type"
DEFAULT_PORT = 50051
DEFAULT_TIMEOUT = 30.0
# Calls that do not wait for anything get this long before the driver gives up (seconds).
CALL_TIMEOUT = 30.0


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _binary(value):
    return value.encode("utf-8")


def _done(reply):
    """Nothing: the reply of a call that only succeeds or fails."""
    return None


def _error_type(error):
    for key, value in (error.trailing_metadata() or ()):
        if key == ERROR_TYPE_KEY:
            return value
    return None


def _translate(error, group_id=None, member_id=None):
    """The Tooz exception for a failed gRPC call (the error type is in a trailer, see docs/grpc.md)."""
    kind = _error_type(error)
    if kind == "GroupNotFound":
        return coordination.GroupNotCreated(group_id)
    if kind == "GroupAlreadyExists":
        return coordination.GroupAlreadyExist(group_id)
    if kind == "MemberAlreadyJoined":
        return coordination.MemberAlreadyExist(group_id, member_id)
    if kind == "MemberNotJoined":
        return coordination.MemberNotJoined(group_id, member_id)
    if kind == "GroupNotEmpty":
        return coordination.GroupNotEmpty(group_id)
    if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED) and kind is None:
        return coordination.ToozConnectionError(error.details())
    return tooz.ToozError("%s: %s" % (error.code().name, error.details()))


class _ChannelClosed(grpc.RpcError):
    """A call on a closed channel, as an RpcError with status UNAVAILABLE, so that it becomes a ToozConnectionError."""

    def __init__(self, detail):
        super(_ChannelClosed, self).__init__(detail)
        self._detail = detail

    def code(self):
        return grpc.StatusCode.UNAVAILABLE

    def details(self):
        return self._detail

    def trailing_metadata(self):
        return ()


class _ClosedChannelGuard(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                          grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Fails a call with _ChannelClosed (a ToozConnectionError to the caller) once the channel is closed: after its
    coordinator stopped, and in a child process forked from the one that opened it, where grpcio closed it. grpcio itself
    would raise ValueError."""

    def __init__(self):
        self._pid = os.getpid()
        self.stopped = False

    def _guard(self, continuation, details, request):
        if self.stopped or os.getpid() != self._pid:
            raise _ChannelClosed("the coordinator's connection is closed: the coordinator was stopped, or this process "
                                 "was forked from the one that started it (start a coordinator in this process)")
        return continuation(details, request)

    def intercept_unary_unary(self, continuation, client_call_details, request):
        return self._guard(continuation, client_call_details, request)

    def intercept_unary_stream(self, continuation, client_call_details, request):
        return self._guard(continuation, client_call_details, request)

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):
        return self._guard(continuation, client_call_details, request_iterator)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):
        return self._guard(continuation, client_call_details, request_iterator)


class _Result(coordination.CoordAsyncResult):
    """The outcome of a call that has already run: its value, or the Tooz error that ``get()`` raises."""

    def __init__(self, call, group_id=None, member_id=None):
        self._value = None
        self._error = None
        try:
            self._value = call()
        except grpc.RpcError as e:
            self._error = _translate(e, group_id, member_id)
        except tooz.ToozError as e:
            self._error = e

    def get(self, timeout=None):
        if self._error is not None:
            raise self._error
        return self._value

    def done(self):
        return True


class OrleansLock(locking.Lock):
    """A Tooz lock: Orleans.Coord's reader-writer lock of the same name, exclusive holds as its writer and
    ``shared=True`` holds as a reader, each grant with a fencing token."""

    def __init__(self, coord, name):
        super(OrleansLock, self).__init__(name)
        self._coord = coord
        self._holds = []
        self._guard = threading.Lock()

    @property
    def fencing_token(self):
        """The fencing token of the newest hold of this object, or None."""
        with self._guard:
            return self._holds[-1][1] if self._holds else None

    def acquire(self, blocking=True, shared=False):
        blocking, timeout = utils.convert_blocking(blocking)
        if not blocking:
            timeout_ms = 0
        elif timeout is None:
            timeout_ms = -1
        else:
            timeout_ms = int(timeout * 1000)
        kind = sessions_pb2.HOLD_KIND_READ if shared else sessions_pb2.HOLD_KIND_WRITE
        request = locks_pb2.AcquireRequest(
            session_id=self._coord._session_id, name=_text(self.name), kind=kind, timeout_ms=timeout_ms)
        try:
            reply = self._coord._locks.TryAcquire(request)
        except grpc.RpcError as e:
            raise _translate(e)
        if not reply.acquired:
            return False
        with self._guard:
            self._holds.append((kind, reply.fencing_token))
        self._coord._track_lock(self)
        return True

    def release(self):
        with self._guard:
            if not self._holds:
                return False
            kind, token = self._holds.pop()
        request = locks_pb2.HoldRequest(
            session_id=self._coord._session_id, name=_text(self.name), kind=kind, fencing_token=token)
        try:
            return self._coord._locks.Release(request, timeout=CALL_TIMEOUT).released
        except grpc.RpcError as e:
            raise _translate(e)

    def break_(self):
        request = locks_pb2.LockRequest(
            session_id=self._coord._session_id, name=_text(self.name), kind=sessions_pb2.HOLD_KIND_WRITE)
        try:
            return self._coord._locks.Break(request, timeout=CALL_TIMEOUT).broken
        except grpc.RpcError as e:
            raise _translate(e)

    def is_still_owner(self):
        with self._guard:
            holds = list(self._holds)
        if not holds:
            return False
        for kind, token in holds:
            request = locks_pb2.HoldRequest(
                session_id=self._coord._session_id, name=_text(self.name), kind=kind, fencing_token=token)
            try:
                if not self._coord._locks.IsStillOwner(request, timeout=CALL_TIMEOUT).owner:
                    return False
            except grpc.RpcError as e:
                raise _translate(e)
        return True

    def heartbeat(self):
        """True while this object holds the lock (the session's heartbeat keeps the hold alive)."""
        return self.is_still_owner()

    def _lost(self, kind, token):
        with self._guard:
            if (kind, token) in self._holds:
                self._holds.remove((kind, token))


class _GroupWatch(object):
    """The server's watch stream of one group, read by a thread into a queue that run_watchers() drains."""

    def __init__(self, coord, group_id):
        self._group_id = group_id
        self._events = collections.deque()
        self._ready = threading.Event()
        self._error = None
        self._call = coord._groups.Watch(
            groups_pb2.GroupRequest(session_id=coord._session_id, group=_text(group_id)))
        self._thread = threading.Thread(target=self._read, name="tooz-orleans-watch", daemon=True)
        self._thread.start()

    def wait_started(self):
        self._ready.wait()
        if self._error is not None:
            raise _translate(self._error, self._group_id)

    def drain(self):
        events = []
        while self._events:
            events.append(self._events.popleft())
        return events

    def cancel(self):
        self._call.cancel()

    def _read(self):
        try:
            for response in self._call:
                if response.HasField("snapshot"):
                    self._ready.set()
                else:
                    self._events.append(response.event)
        except grpc.RpcError as e:
            if not self._ready.is_set():
                self._error = e
        finally:
            self._ready.set()


class OrleansDriver(coordination.CoordinationDriver):
    """Tooz's coordinator API on Orleans.Coord's gRPC API (docs/grpc.md)."""

    CHARACTERISTICS = (
        coordination.Characteristics.DISTRIBUTED_ACROSS_THREADS,
        coordination.Characteristics.DISTRIBUTED_ACROSS_PROCESSES,
        coordination.Characteristics.DISTRIBUTED_ACROSS_HOSTS,
        coordination.Characteristics.LINEARIZABLE,
        coordination.Characteristics.SEQUENTIAL,
    )

    def __init__(self, member_id, parsed_url, options):
        super(OrleansDriver, self).__init__(member_id, parsed_url, options)
        options = utils.collapse(options)
        self._target = "%s:%s" % (parsed_url.hostname or "127.0.0.1", parsed_url.port or DEFAULT_PORT)
        self.timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
        self._channel = None
        self._session_id = None
        self._renewals = None
        self._keepalive_call = None
        self._keepalive_thread = None
        self._watches = {}
        self._leaders = {}
        self._locks_held = weakref.WeakSet()
        self._state = threading.Lock()

    # Session -----------------------------------------------------------------------------------------------------

    def _start(self):
        self._channel = grpc.insecure_channel(self._target)
        self._guard = _ClosedChannelGuard()
        calls = grpc.intercept_channel(self._channel, self._guard)
        self._sessions = sessions_pb2_grpc.SessionsStub(calls)
        self._groups = groups_pb2_grpc.GroupsStub(calls)
        self._locks = locks_pb2_grpc.LocksStub(calls)
        self._elections = elections_pb2_grpc.ElectionsStub(calls)
        try:
            reply = self._sessions.StartSession(
                sessions_pb2.StartSessionRequest(member_id=_text(self._member_id), ttl_ms=int(self.timeout * 1000)),
                timeout=CALL_TIMEOUT)
        except grpc.RpcError as e:
            self._channel.close()
            if e.code() == grpc.StatusCode.UNAVAILABLE:
                raise coordination.ToozConnectionError(e.details())
            raise _translate(e)
        self._session_id = reply.session_id
        self._interval = reply.keep_alive_interval_ms / 1000.0
        self._watches = {}
        self._leaders = {}
        self._open_keepalive()

    def _open_keepalive(self):
        """Opens the session's keep-alive stream, ending the previous one; its first message renews the session."""
        self._end_keepalive()
        self._renewals = queue.Queue()
        self._renewals.put(sessions_pb2.KeepAliveRequest(session_id=self._session_id))
        self._keepalive_call = self._sessions.KeepAlive(iter(self._renewals.get, None))
        self._keepalive_thread = threading.Thread(
            target=self._read_keepalive, args=(self._keepalive_call,), name="tooz-orleans-keepalive", daemon=True)
        self._keepalive_thread.start()

    def _end_keepalive(self):
        """Ends the keep-alive stream's requests (so grpcio's thread that sends them exits) and the stream itself; a
        heartbeat that races with it puts its renewal in the ended queue, where nothing reads it."""
        if self._renewals is not None:
            self._renewals.put(None)
        if self._keepalive_call is not None:
            self._keepalive_call.cancel()
            self._keepalive_call = None

    def _read_keepalive(self, call):
        try:
            for response in call:
                if response.HasField("lost"):
                    self._on_lost(response.lost)
        except grpc.RpcError:
            pass

    def _on_lost(self, notice):
        if notice.kind == sessions_pb2.HOLD_KIND_LEADERSHIP:
            with self._state:
                if self._leaders.get(notice.name) == notice.token:
                    del self._leaders[notice.name]
        elif notice.kind == sessions_pb2.HOLD_KIND_SESSION:
            with self._state:
                self._leaders.clear()
        else:
            for lock in list(self._locks_held):
                if _text(lock.name) == notice.name:
                    lock._lost(notice.kind, notice.token)

    def heartbeat(self):
        """Renews the session's lease through the keep-alive stream; returns the seconds until the next renewal."""
        if self._session_id is not None:
            if self._keepalive_thread is None or not self._keepalive_thread.is_alive():
                # The stream broke (a network error, a silo restart): a new one continues the session within its TTL.
                self._open_keepalive()
            else:
                self._renewals.put(sessions_pb2.KeepAliveRequest(session_id=self._session_id))
        return self._interval if self._session_id else self.timeout / 3.0

    def _stop(self):
        for watch in self._watches.values():
            watch.cancel()
        self._watches = {}
        self._leaders = {}
        try:
            self._sessions.EndSession(sessions_pb2.EndSessionRequest(session_id=self._session_id), timeout=CALL_TIMEOUT)
        except grpc.RpcError:
            pass
        finally:
            self._end_keepalive()
            self._guard.stopped = True
            self._channel.close()
            self._session_id = None

    # Groups --------------------------------------------------------------------------------------------------------

    def _group_request(self, group_id):
        return groups_pb2.GroupRequest(session_id=self._session_id, group=_text(group_id))

    def create_group(self, group_id):
        return _Result(lambda: _done(self._groups.CreateGroup(self._group_request(group_id), timeout=CALL_TIMEOUT)),
                       group_id)

    def delete_group(self, group_id):
        return _Result(lambda: _done(self._groups.DeleteGroup(self._group_request(group_id), timeout=CALL_TIMEOUT)),
                       group_id)

    def get_groups(self):
        def call():
            reply = self._groups.ListGroups(groups_pb2.ListGroupsRequest(session_id=self._session_id),
                                            timeout=CALL_TIMEOUT)
            return [_binary(g) for g in reply.groups]
        return _Result(call)

    def _join(self, group_id, capabilities, create):
        def call():
            self._groups.JoinGroup(groups_pb2.JoinGroupRequest(
                session_id=self._session_id, group=_text(group_id), capabilities=utils.dumps(capabilities),
                create=create), timeout=CALL_TIMEOUT)
            self._joined_groups.add(group_id)
        return _Result(call, group_id, self._member_id)

    def join_group(self, group_id, capabilities=b""):
        return self._join(group_id, capabilities, create=False)

    def join_group_create(self, group_id, capabilities=b""):
        self._join(group_id, capabilities, create=True).get()

    def leave_group(self, group_id):
        def call():
            self._groups.LeaveGroup(self._group_request(group_id), timeout=CALL_TIMEOUT)
            self._joined_groups.discard(group_id)
        return _Result(call, group_id, self._member_id)

    def get_members(self, group_id):
        def call():
            reply = self._groups.GetMembers(self._group_request(group_id), timeout=CALL_TIMEOUT)
            return set(_binary(m.member_id) for m in reply.members)
        return _Result(call, group_id)

    def _get_member(self, group_id, member_id):
        return self._groups.GetMember(groups_pb2.MemberRequest(
            session_id=self._session_id, group=_text(group_id), member_id=_text(member_id)), timeout=CALL_TIMEOUT)

    def get_member_capabilities(self, group_id, member_id):
        return _Result(lambda: utils.loads(self._get_member(group_id, member_id).capabilities), group_id, member_id)

    def get_member_info(self, group_id, member_id):
        def call():
            member = self._get_member(group_id, member_id)
            return {
                "capabilities": utils.loads(member.capabilities),
                "created_at": utils.millis_to_datetime(member.joined_at_ms),
                "updated_at": utils.millis_to_datetime(member.updated_at_ms),
            }
        return _Result(call, group_id, member_id)

    def update_capabilities(self, group_id, capabilities):
        return _Result(lambda: _done(self._groups.UpdateCapabilities(groups_pb2.UpdateCapabilitiesRequest(
            session_id=self._session_id, group=_text(group_id), capabilities=utils.dumps(capabilities)),
            timeout=CALL_TIMEOUT)), group_id, self._member_id)

    def is_member_up(self, group_id, member_id):
        """Whether the member is a live member of the group (false when the group does not exist)."""
        return _Result(lambda: self._groups.IsMemberUp(groups_pb2.MemberRequest(
            session_id=self._session_id, group=_text(group_id), member_id=_text(member_id)),
            timeout=CALL_TIMEOUT).up, group_id, member_id)

    # Watches -------------------------------------------------------------------------------------------------------

    def _ensure_watch(self, group_id):
        if group_id not in self._watches:
            watch = _GroupWatch(self, group_id)
            watch.wait_started()
            self._watches[group_id] = watch

    def _drop_watch_if_unused(self, group_id):
        if not self._has_hooks_for_group(group_id) and group_id in self._watches:
            self._watches.pop(group_id).cancel()

    def watch_join_group(self, group_id, callback):
        self._ensure_watch(group_id)
        super(OrleansDriver, self).watch_join_group(group_id, callback)

    def unwatch_join_group(self, group_id, callback):
        super(OrleansDriver, self).unwatch_join_group(group_id, callback)
        self._drop_watch_if_unused(group_id)

    def watch_leave_group(self, group_id, callback):
        self._ensure_watch(group_id)
        super(OrleansDriver, self).watch_leave_group(group_id, callback)

    def unwatch_leave_group(self, group_id, callback):
        super(OrleansDriver, self).unwatch_leave_group(group_id, callback)
        self._drop_watch_if_unused(group_id)

    def run_watchers(self, timeout=None):
        result = []
        for group_id, watch in list(self._watches.items()):
            for event in watch.drain():
                member_id = _binary(event.member_id)
                if event.kind == groups_pb2.GROUP_EVENT_KIND_JOINED:
                    if group_id in self._hooks_join_group:
                        result.extend(self._hooks_join_group[group_id].run(
                            coordination.MemberJoinedGroup(group_id, member_id)))
                elif event.kind in (groups_pb2.GROUP_EVENT_KIND_LEFT, groups_pb2.GROUP_EVENT_KIND_EXPIRED):
                    if member_id == self._member_id:
                        self._joined_groups.discard(group_id)
                    if group_id in self._hooks_leave_group:
                        result.extend(self._hooks_leave_group[group_id].run(
                            coordination.MemberLeftGroup(group_id, member_id)))
        result.extend(self.run_elect_coordinator())
        return result

    # Elections -----------------------------------------------------------------------------------------------------

    def run_elect_coordinator(self):
        """Runs for leadership (without waiting) in every group with an elected-as-leader callback."""
        result = []
        for group_id, hooks in list(self._hooks_elected_leader.items()):
            with self._state:
                if group_id in self._leaders:
                    continue
            try:
                reply = self._elections.TryCampaign(elections_pb2.CampaignRequest(
                    session_id=self._session_id, election=_text(group_id), value=_text(self._member_id).encode()),
                    timeout=CALL_TIMEOUT)
            except grpc.RpcError as e:
                raise _translate(e, group_id)
            if reply.elected:
                with self._state:
                    self._leaders[group_id] = reply.term
                result.extend(hooks.run(coordination.LeaderElected(group_id, self._member_id)))
        return result

    def unwatch_elected_as_leader(self, group_id, callback):
        super(OrleansDriver, self).unwatch_elected_as_leader(group_id, callback)
        if group_id not in self._hooks_elected_leader:
            self.stand_down_group_leader(group_id)

    def stand_down_group_leader(self, group_id):
        with self._state:
            term = self._leaders.pop(group_id, None)
        if term is None:
            return False
        try:
            return self._elections.Resign(elections_pb2.LeadershipRequest(
                session_id=self._session_id, election=_text(group_id), term=term), timeout=CALL_TIMEOUT).resigned
        except grpc.RpcError as e:
            raise _translate(e, group_id)

    def get_leader(self, group_id):
        def call():
            reply = self._elections.GetLeader(elections_pb2.ElectionRequest(
                session_id=self._session_id, election=_text(group_id)), timeout=CALL_TIMEOUT)
            return _binary(reply.leader.member_id) if reply.HasField("leader") else None
        return _Result(call, group_id)

    # Locks ---------------------------------------------------------------------------------------------------------

    def get_lock(self, name):
        return OrleansLock(self, name)

    def _track_lock(self, lock):
        self._locks_held.add(lock)
