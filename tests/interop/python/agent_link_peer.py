"""A minimal site agent written with the official Python gRPC library, as a factory's own engineers would write one
from docs/agent-protocol.md. The orchestrator's tests drive it; it prints one JSON event per line.

usage: agent_link_peer.py <host:port> <site id> <credential or -> <mode>
modes: complete   hello, then accept/start/finish every assignment (sequenced, waiting for acks); runs until killed
       hold       hello, acknowledge assignments but never finish them; runs until killed
       nohello    send a heartbeat as the first message
"""
import json
import queue
import sys

import grpc
from microfactory.agent.v1 import agent_link_pb2 as link
from microfactory.agent.v1 import agent_link_pb2_grpc as link_grpc
from microfactory.agent.v1 import cells_pb2 as cells
from microfactory.agent.v1 import jobs_pb2 as jobs
from microfactory.agent.v1 import session_pb2 as session

target, site, credential, mode = sys.argv[1:5]
outgoing = queue.Queue()


def emit(**event):
    print(json.dumps(event), flush=True)


def messages():
    if mode == "nohello":
        yield link.AgentMessage(heartbeat=session.Heartbeat())
    else:
        cell = cells.CellInfo(cell_id="cell-1", capabilities=["cnc"], state=cells.CELL_STATE_IDLE)
        yield link.AgentMessage(hello=session.Hello(site_id=site, agent_version="python-peer/1", cells=[cell]))
    while True:
        message = outgoing.get()
        if message is None:
            return
        yield message


metadata = [] if credential == "-" else [("authorization", "Bearer " + credential)]
sequence = 0
try:
    stream = link_grpc.AgentLinkStub(grpc.insecure_channel(target)).Connect(messages(), metadata=metadata)
    for message in stream:
        body = message.WhichOneof("body")
        if body == "welcome":
            emit(event="welcome", resume_after=message.welcome.resume_after_sequence, session=message.welcome.session_id,
                 lost_after_seconds=message.welcome.lost_after.seconds)
        elif body == "job_assignment":
            job = message.job_assignment
            emit(event="assignment", sequence=message.sequence, job=job.job_id, order=job.order_id,
                 traceparent=job.trace_context.traceparent)
            outgoing.put(link.AgentMessage(ack=session.Ack(sequence=message.sequence)))
            if mode == "complete":
                for kind in (jobs.JOB_UPDATE_KIND_ACCEPTED, jobs.JOB_UPDATE_KIND_STARTED, jobs.JOB_UPDATE_KIND_DONE):
                    sequence += 1
                    done = kind == jobs.JOB_UPDATE_KIND_DONE
                    update = jobs.JobUpdate(job_id=job.job_id, order_id=job.order_id, cell_id=job.cell_id, kind=kind,
                                            quantity=job.quantity, good_count=job.quantity if done else 0)
                    outgoing.put(link.AgentMessage(sequence=sequence, job_update=update))
        elif body == "ack":
            emit(event="ack", sequence=message.ack.sequence)
        elif body == "notice":
            emit(event="notice", code=session.NoticeCode.Name(message.notice.code))
    emit(event="end", status="OK")
except grpc.RpcError as error:
    emit(event="end", status=error.code().name, detail=error.details())
