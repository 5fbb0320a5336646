"""The orchestrator's side of microfactory.agent.v1.AgentLink on Python's official gRPC library: a minimal peer
our C# site agent is tested against (the gRPC interop cases as they apply to this contract). Prints one JSON event
per line; the first is {"event": "listening", "port": N} on a free loopback port.

usage: agent_link_server.py <credential> <mode>
modes: job        Welcome, then one JobAssignment (sequence 1, two parts on the agent's first cell); acks every
                  sequenced agent message; reports each job update                                (ping_pong)
       sleep      reads Hello and never answers                                          (timeout_on_sleeping_server)
       refuse     ends every Connect PERMISSION_DENIED with a message full of whitespace and Unicode
                                                                                            (status_code_and_message)
       flaky      ends the first Connect UNAVAILABLE "node restarting", then behaves like job
"""
import json
import sys
import threading
import time
from concurrent import futures

import grpc
from google.protobuf import duration_pb2, timestamp_pb2
from microfactory.agent.v1 import agent_link_pb2 as link
from microfactory.agent.v1 import agent_link_pb2_grpc as link_grpc
from microfactory.agent.v1 import jobs_pb2 as jobs
from microfactory.agent.v1 import session_pb2 as session

SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n"

credential, mode = sys.argv[1:3]
lock = threading.Lock()
connects = 0


def emit(**event):
    with lock:
        print(json.dumps(event), flush=True)


def duration(seconds):
    return duration_pb2.Duration(seconds=seconds)


class AgentLink(link_grpc.AgentLinkServicer):
    def Connect(self, request_iterator, context):
        global connects
        with lock:
            connects += 1
            attempt = connects
        # Set when the call terminates: at once when the agent cancels it; only after this handler returns when the
        # agent merely half-closed. The cancellation can reach this callback after the request iterator has ended.
        terminated = threading.Event()
        context.add_callback(terminated.set)
        authorized = dict(context.invocation_metadata()).get("authorization") == "Bearer " + credential
        first = next(request_iterator, None)
        if first is None or first.WhichOneof("body") != "hello":
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "The first message on Connect must be hello.")
        hello = first.hello
        emit(event="hello", attempt=attempt, site=hello.site_id, authorized=authorized,
             cells=[c.cell_id for c in hello.cells], last_acknowledged=hello.last_acknowledged_sequence)
        if not authorized:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "A site credential is required.")
        if mode == "refuse":
            context.abort(grpc.StatusCode.PERMISSION_DENIED, SPECIAL_MESSAGE)
        if mode == "flaky" and attempt == 1:
            context.abort(grpc.StatusCode.UNAVAILABLE, "node restarting")
        if mode == "sleep":
            while context.is_active():
                time.sleep(0.05)
            emit(event="ended", attempt=attempt, active=False)
            return

        now = timestamp_pb2.Timestamp()
        now.GetCurrentTime()
        yield link.OrchestratorMessage(welcome=session.Welcome(
            resume_after_sequence=hello.last_acknowledged_sequence, server_time=now, heartbeat_interval=duration(60),
            capacity_report_interval=duration(60), lost_after=duration(3600), session_id=f"python-{attempt}"))
        if hello.last_acknowledged_sequence < 1:
            cell = hello.cells[0]
            design = cell.installed_designs[0].design_version if cell.installed_designs else ""
            yield link.OrchestratorMessage(sequence=1, job_assignment=jobs.JobAssignment(
                job_id="python-job-1", order_id="python-order-1", cell_id=cell.cell_id, design_version=design,
                quantity=2, due_at=now))
        try:
            for message in request_iterator:
                body = message.WhichOneof("body")
                if body == "ack":
                    emit(event="ack", attempt=attempt, sequence=message.ack.sequence)
                elif body == "job_update":
                    update = message.job_update
                    emit(event="update", attempt=attempt, sequence=message.sequence, job=update.job_id,
                         kind=jobs.JobUpdateKind.Name(update.kind), good=update.good_count, scrap=update.scrap_count)
                if message.sequence > 0:
                    yield link.OrchestratorMessage(ack=session.Ack(sequence=message.sequence))
        finally:
            # The agent half-closed (still active) or cancelled its call (no longer active).
            terminated.wait(2)
            emit(event="ended", attempt=attempt, active=not terminated.is_set())


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    link_grpc.add_AgentLinkServicer_to_server(AgentLink(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    emit(event="listening", port=port)
    # The test kills us; also stop when it closes our stdin (test host crashed).
    try:
        sys.stdin.read()
    finally:
        server.stop(0)


if __name__ == "__main__":
    main()
