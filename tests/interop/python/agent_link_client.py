"""The gRPC interop cases, as they apply to microfactory.agent.v1.AgentLink, on Python's official gRPC library
against our orchestrator (a factory's own engineers' client, written from docs/agent-protocol.md).

usage: agent_link_client.py <host:port> <site id> <credential> <other site's credential> <case>
Exits 0 and prints "PASS <case>" when the case holds; otherwise prints what differed and exits 1.
cases: empty_unary                 Hello, Welcome, half-close: the stream ends OK with nothing else
       ping_pong                   Hello, Welcome, then the queued assignment; ACCEPTED, STARTED and DONE sent one
                                   at a time, each answered by its Ack before the next goes out
       cancel_after_begin          a Connect cancelled before its first message ends CANCELLED
       timeout_on_sleeping_server  a Connect whose deadline passes while the orchestrator has nothing to say ends
                                   DEADLINE_EXCEEDED
       status_code_and_message     each refusal carries its code and exact message
"""
import queue
import sys
import threading

import grpc
from microfactory.agent.v1 import agent_link_pb2 as link
from microfactory.agent.v1 import agent_link_pb2_grpc as link_grpc
from microfactory.agent.v1 import cells_pb2 as cells
from microfactory.agent.v1 import designs_pb2 as designs
from microfactory.agent.v1 import jobs_pb2 as jobs
from microfactory.agent.v1 import session_pb2 as session

target, site, credential, other_credential, case = sys.argv[1:6]


class CaseFailed(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise CaseFailed(what)


def metadata(secret=credential):
    return [] if secret is None else [("authorization", "Bearer " + secret)]


def hello():
    cell = cells.CellInfo(cell_id="cell-1", capabilities=["cnc"], state=cells.CELL_STATE_IDLE,
                          installed_designs=[cells.InstalledDesign(design_version="bracket@1.0.0")])
    return link.AgentMessage(hello=session.Hello(site_id=site, agent_version="python-interop/1", cells=[cell]))


class Outgoing:
    """A request stream the case writes to as it goes, like a real agent's."""

    def __init__(self, *first):
        self._queue = queue.Queue()
        for message in first:
            self._queue.put(message)

    def put(self, message):
        self._queue.put(message)

    def close(self):
        self._queue.put(None)

    def __iter__(self):
        while True:
            message = self._queue.get()
            if message is None:
                return
            yield message


def expect_error(call, code, details=None):
    try:
        call()
    except grpc.RpcError as error:
        expect(error.code() == code, f"expected {code}, got {error.code()}: {error.details()!r}")
        if details is not None:
            expect(error.details() == details, f"expected details {details!r}, got {error.details()!r}")
        return
    raise CaseFailed(f"expected {code}, but the call succeeded")


def empty_unary(stub):
    outgoing = Outgoing(hello())
    responses = stub.Connect(iter(outgoing), metadata=metadata(), timeout=30)
    first = next(responses)
    expect(first.WhichOneof("body") == "welcome", f"first message is {first.WhichOneof('body')}, not welcome")
    expect(first.welcome.session_id != "", "Welcome has no session_id")
    outgoing.close()
    rest = [m.WhichOneof("body") for m in responses]
    expect(rest == [], f"after half-close the orchestrator sent {rest}")
    expect(responses.code() == grpc.StatusCode.OK, f"the stream ended {responses.code()}: {responses.details()!r}")


def ping_pong(stub):
    outgoing = Outgoing(hello())
    responses = stub.Connect(iter(outgoing), metadata=metadata(), timeout=30)
    expect(next(responses).WhichOneof("body") == "welcome", "no Welcome first")
    message = next(responses)
    expect(message.WhichOneof("body") == "job_assignment", f"expected the queued assignment, got {message.WhichOneof('body')}")
    job = message.job_assignment
    expect(job.trace_context.traceparent.startswith("00-"), "the assignment carries no W3C traceparent")
    outgoing.put(link.AgentMessage(ack=session.Ack(sequence=message.sequence)))
    for sequence, kind in enumerate((jobs.JOB_UPDATE_KIND_ACCEPTED, jobs.JOB_UPDATE_KIND_STARTED, jobs.JOB_UPDATE_KIND_DONE), start=1):
        done = kind == jobs.JOB_UPDATE_KIND_DONE
        outgoing.put(link.AgentMessage(sequence=sequence, job_update=jobs.JobUpdate(
            job_id=job.job_id, order_id=job.order_id, cell_id=job.cell_id, kind=kind, quantity=job.quantity,
            good_count=job.quantity if done else 0)))
        answer = next(responses)
        expect(answer.WhichOneof("body") == "ack" and answer.ack.sequence == sequence,
               f"update {sequence} was answered by {answer}")
    outgoing.close()
    rest = [m.WhichOneof("body") for m in responses]
    expect(rest == [], f"after half-close the orchestrator sent {rest}")
    expect(responses.code() == grpc.StatusCode.OK, f"the stream ended {responses.code()}: {responses.details()!r}")
    print(f"ORDER {job.order_id}", flush=True)


def cancel_after_begin(stub):
    release = threading.Event()

    def held_open():
        # Sends nothing and keeps the request stream open until the call is cancelled.
        release.wait(10)
        return
        yield

    responses = stub.Connect(held_open(), metadata=metadata(), timeout=30)
    responses.cancel()
    release.set()
    expect_error(lambda: next(responses), grpc.StatusCode.CANCELLED)
    expect(responses.code() == grpc.StatusCode.CANCELLED, f"status after cancel is {responses.code()}")


def timeout_on_sleeping_server(stub):
    outgoing = Outgoing(hello())
    responses = stub.Connect(iter(outgoing), metadata=metadata(), timeout=2)
    expect(next(responses).WhichOneof("body") == "welcome", "no Welcome first")

    def rest():
        for _ in responses:
            pass

    expect_error(rest, grpc.StatusCode.DEADLINE_EXCEEDED)
    outgoing.close()


def status_code_and_message(stub):
    def connect(secret, first):
        for _ in stub.Connect(iter([first]), metadata=metadata(secret), timeout=30):
            pass

    expect_error(lambda: connect(None, hello()), grpc.StatusCode.UNAUTHENTICATED,
                 "A site credential is required: authorization: Bearer <site credential>.")
    expect_error(lambda: connect("not-the-credential-of-any-site-0000", hello()), grpc.StatusCode.UNAUTHENTICATED,
                 "Unknown site credential: the orchestrator has no site with this credential (authorization: Bearer <site credential>).")
    expect_error(lambda: connect(other_credential, hello()), grpc.StatusCode.PERMISSION_DENIED,
                 f"This credential does not act for site '{site}'.")
    expect_error(lambda: connect(credential, link.AgentMessage(heartbeat=session.Heartbeat())), grpc.StatusCode.INVALID_ARGUMENT,
                 "The first message on Connect must be hello.")
    expect_error(lambda: list(stub.DownloadArtifact(designs.ArtifactRequest(artifact_id="not-a-sha"), metadata=metadata(), timeout=30)),
                 grpc.StatusCode.INVALID_ARGUMENT, "artifact_id 'not-a-sha' is not a SHA-256 in lowercase hex (64 characters).")
    missing = "b" * 64
    expect_error(lambda: list(stub.DownloadArtifact(designs.ArtifactRequest(artifact_id=missing), metadata=metadata(), timeout=30)),
                 grpc.StatusCode.NOT_FOUND, f"Artifact {missing} does not exist.")


CASES = {f.__name__: f for f in [empty_unary, ping_pong, cancel_after_begin, timeout_on_sleeping_server, status_code_and_message]}


def main():
    with grpc.insecure_channel(target) as channel:
        try:
            CASES[case](link_grpc.AgentLinkStub(channel))
        except (CaseFailed, grpc.RpcError, StopIteration) as error:
            print(f"FAIL {case}: {error!r}", flush=True)
            return 1
    print(f"PASS {case}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
