"""Parses one agent-link message with the Python code generated from the .proto, drops anything it
did not understand, and writes it back: re-serialised bytes and the proto3 JSON form.

Usage: roundtrip.py <full message name, e.g. microfactory.agent.v1.AgentMessage>
       (stdin: base64 bytes; stdout: JSON with "bytes" (base64) and "json")
"""
import base64
import importlib
import json
import sys

from google.protobuf import descriptor_pool, json_format
from microfactory.agent.v1 import agent_link_pb2, agent_link_pb2_grpc, enrolment_pb2  # noqa: F401 (registers Enroll*)


def main() -> int:
    type_name = sys.argv[1]
    try:
        descriptor = descriptor_pool.Default().FindMessageTypeByName(type_name)
    except KeyError:
        print(f"the generated Python code has no message {type_name!r}", file=sys.stderr)
        return 2
    # The class lives in the module generated for its .proto file (portable across protobuf versions).
    module = importlib.import_module(descriptor.file.name[: -len(".proto")].replace("/", ".") + "_pb2")
    message_type = getattr(module, descriptor.name)

    # The service must exist in the generated stubs too, with both calls.
    service = agent_link_pb2.DESCRIPTOR.services_by_name["AgentLink"]
    assert sorted(service.methods_by_name) == ["Connect", "DownloadArtifact"], service.methods_by_name
    assert hasattr(agent_link_pb2_grpc, "AgentLinkStub")

    message = message_type()
    message.ParseFromString(base64.b64decode(sys.stdin.read()))
    # Whatever survives this was understood field by field, not carried along as unknown bytes.
    message.DiscardUnknownFields()
    json.dump(
        {
            "bytes": base64.b64encode(message.SerializeToString()).decode("ascii"),
            "json": json_format.MessageToJson(message),
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
