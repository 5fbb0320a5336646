"""grpc.testing.TestService on Python grpcio: the real peer our C# client is tested against.

Run with Debian's /usr/bin/python3 and PYTHONPATH holding modules generated from tests/interop/protos.
Binds 127.0.0.1 on a free port and prints "LISTENING <port>" once it serves, so the test fixture
needs no fixed port and no polling.
"""
import argparse
import sys
import time
from concurrent import futures

import grpc

import empty_pb2
import messages_pb2
import test_pb2_grpc

ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"


def status_code(number):
    for code in grpc.StatusCode:
        if code.value[0] == number:
            return code
    return grpc.StatusCode.UNKNOWN


def echo_metadata(context):
    incoming = dict(context.invocation_metadata())
    if ECHO_INITIAL in incoming:
        context.send_initial_metadata(((ECHO_INITIAL, incoming[ECHO_INITIAL]),))
    if ECHO_TRAILING in incoming:
        context.set_trailing_metadata(((ECHO_TRAILING, incoming[ECHO_TRAILING]),))


def abort_if_asked(request, context):
    if request.HasField("response_status") and request.response_status.code != 0:
        context.abort(status_code(request.response_status.code), request.response_status.message)


def payload(size):
    return messages_pb2.Payload(body=b"\0" * size)


class TestService(test_pb2_grpc.TestServiceServicer):
    def EmptyCall(self, request, context):
        return empty_pb2.Empty()

    def UnaryCall(self, request, context):
        echo_metadata(context)
        abort_if_asked(request, context)
        return messages_pb2.SimpleResponse(payload=payload(request.response_size))

    def StreamingOutputCall(self, request, context):
        abort_if_asked(request, context)
        for parameters in request.response_parameters:
            if parameters.interval_us:
                time.sleep(parameters.interval_us / 1e6)
            yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))

    def StreamingInputCall(self, request_iterator, context):
        total = sum(len(r.payload.body) for r in request_iterator)
        return messages_pb2.StreamingInputCallResponse(aggregated_payload_size=total)

    def FullDuplexCall(self, request_iterator, context):
        echo_metadata(context)
        for request in request_iterator:
            abort_if_asked(request, context)
            for parameters in request.response_parameters:
                if parameters.interval_us:
                    time.sleep(parameters.interval_us / 1e6)
                yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    options = [("grpc.max_receive_message_length", 8 * 1024 * 1024), ("grpc.max_send_message_length", 8 * 1024 * 1024)]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=options)
    test_pb2_grpc.add_TestServiceServicer_to_server(TestService(), server)
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    server.start()
    print(f"LISTENING {port}", flush=True)
    # The fixture kills us; also stop when it closes our stdin (test host crashed).
    try:
        sys.stdin.read()
    finally:
        server.stop(0)


if __name__ == "__main__":
    main()
