"""The gRPC interop client cases on Python grpcio, run against our C# server.

Usage: /usr/bin/python3 interop_client.py --port PORT --case CASE
Exits 0 and prints "PASS <case>" when the case holds; otherwise prints what differed and exits 1.
"""
import argparse
import sys

import grpc

import empty_pb2
import messages_pb2
import test_pb2_grpc

SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n"
ECHO_INITIAL = ("x-grpc-test-echo-initial", "test_initial_metadata_value")
ECHO_TRAILING = ("x-grpc-test-echo-trailing-bin", b"\x0a\x0b\x0a\x0b\x0a\x0b")


class CaseFailed(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise CaseFailed(what)


def payload(size):
    return messages_pb2.Payload(body=b"\0" * size)


def expect_rpc_error(call, code, details=None):
    try:
        call()
    except grpc.RpcError as error:
        expect(error.code() == code, f"expected {code}, got {error.code()}: {error.details()!r}")
        if details is not None:
            expect(error.details() == details, f"expected details {details!r}, got {error.details()!r}")
        return
    raise CaseFailed(f"expected {code}, but the call succeeded")


def empty_unary(stub):
    response = stub.EmptyCall(empty_pb2.Empty(), timeout=10)
    expect(isinstance(response, empty_pb2.Empty), "EmptyCall returned something else than Empty")


def large_unary(stub):
    request = messages_pb2.SimpleRequest(response_size=2 * 1024 * 1024 + 7, payload=payload(1024 * 1024 + 3))
    response = stub.UnaryCall(request, timeout=10)
    expect(len(response.payload.body) == 2 * 1024 * 1024 + 7, f"response payload has {len(response.payload.body)} bytes")


def server_streaming(stub):
    sizes = [31415, 9, 2653, 58979]
    request = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=s) for s in sizes])
    got = [len(r.payload.body) for r in stub.StreamingOutputCall(request, timeout=10)]
    expect(got == sizes, f"response sizes {got}")


def ping_pong(stub):
    request_sizes = [27182, 8, 1828, 45904]
    response_sizes = [31415, 9, 2653, 58979]
    import queue
    requests = queue.Queue()

    def request_iterator():
        while True:
            item = requests.get()
            if item is None:
                return
            yield item

    responses = stub.FullDuplexCall(request_iterator(), timeout=10)
    for request_size, response_size in zip(request_sizes, response_sizes):
        requests.put(messages_pb2.StreamingOutputCallRequest(
            response_parameters=[messages_pb2.ResponseParameters(size=response_size)],
            payload=payload(request_size)))
        response = next(responses)
        expect(len(response.payload.body) == response_size, f"ping-pong response of {len(response.payload.body)} bytes")
    requests.put(None)
    expect(next(responses, None) is None, "server sent more than one response per request")
    expect(responses.code() == grpc.StatusCode.OK, f"ping-pong ended with {responses.code()}")


def cancel_after_begin(stub):
    import threading
    release = threading.Event()

    def held_open():
        # Sends nothing and keeps the request stream open until the call is cancelled.
        release.wait(10)
        return
        yield

    future = stub.StreamingInputCall.future(held_open(), timeout=10)
    future.cancel()
    release.set()
    expect(future.cancelled(), "the call did not end as cancelled")
    expect(future.code() == grpc.StatusCode.CANCELLED, f"status after cancel is {future.code()}")


def timeout_on_sleeping_server(stub):
    def requests():
        yield messages_pb2.StreamingOutputCallRequest(payload=payload(27182))

    def call():
        for _ in stub.FullDuplexCall(requests(), timeout=0.001):
            pass

    expect_rpc_error(call, grpc.StatusCode.DEADLINE_EXCEEDED)


def custom_metadata(stub):
    metadata = (ECHO_INITIAL, ECHO_TRAILING)
    request = messages_pb2.SimpleRequest(response_size=314159, payload=payload(271828))
    response, call = stub.UnaryCall.with_call(request, metadata=metadata, timeout=10)
    check_echo(call.initial_metadata(), call.trailing_metadata(), "unary")

    duplex = stub.FullDuplexCall(iter([messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=314159)], payload=payload(271828))]),
        metadata=metadata, timeout=10)
    sizes = [len(r.payload.body) for r in duplex]
    expect(sizes == [314159], f"duplex response sizes {sizes}")
    check_echo(duplex.initial_metadata(), duplex.trailing_metadata(), "duplex")


def check_echo(initial, trailing, kind):
    initial = dict(initial)
    trailing = dict(trailing)
    expect(initial.get(ECHO_INITIAL[0]) == ECHO_INITIAL[1], f"{kind}: initial metadata {initial}")
    expect(trailing.get(ECHO_TRAILING[0]) == ECHO_TRAILING[1], f"{kind}: trailing metadata {trailing}")


def status_case(stub, message):
    status = messages_pb2.EchoStatus(code=2, message=message)
    expect_rpc_error(lambda: stub.UnaryCall(messages_pb2.SimpleRequest(response_status=status), timeout=10),
                     grpc.StatusCode.UNKNOWN, message)

    def duplex():
        for _ in stub.FullDuplexCall(iter([messages_pb2.StreamingOutputCallRequest(response_status=status)]), timeout=10):
            pass

    expect_rpc_error(duplex, grpc.StatusCode.UNKNOWN, message)


def status_code_and_message(stub):
    status_case(stub, "test status message")


def special_status_message(stub):
    status_case(stub, SPECIAL_MESSAGE)


def unimplemented_method(stub):
    expect_rpc_error(lambda: stub.UnimplementedCall(empty_pb2.Empty(), timeout=10), grpc.StatusCode.UNIMPLEMENTED)


def unimplemented_service(channel):
    call = channel.unary_unary("/grpc.testing.UnimplementedService/UnimplementedCall",
                               request_serializer=empty_pb2.Empty.SerializeToString,
                               response_deserializer=empty_pb2.Empty.FromString)
    expect_rpc_error(lambda: call(empty_pb2.Empty(), timeout=10), grpc.StatusCode.UNIMPLEMENTED)


CASES = {f.__name__: f for f in [
    empty_unary, large_unary, server_streaming, ping_pong, cancel_after_begin, timeout_on_sleeping_server,
    custom_metadata, status_code_and_message, special_status_message, unimplemented_method]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--case", required=True, choices=sorted(list(CASES) + ["unimplemented_service"]))
    args = parser.parse_args()
    options = [("grpc.max_receive_message_length", 8 * 1024 * 1024), ("grpc.max_send_message_length", 8 * 1024 * 1024)]
    with grpc.insecure_channel(f"127.0.0.1:{args.port}", options=options) as channel:
        try:
            if args.case == "unimplemented_service":
                unimplemented_service(channel)
            else:
                CASES[args.case](test_pb2_grpc.TestServiceStub(channel))
        except (CaseFailed, grpc.RpcError) as error:
            print(f"FAIL {args.case}: {error}", flush=True)
            return 1
    print(f"PASS {args.case}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
