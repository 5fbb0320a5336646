using System.Net;
using Google.Protobuf;
using Grpc.Testing;
using Microfactory.Grpc.Client;
using Microfactory.Grpc.Tests.Support;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Functional;

/// <summary>
/// Hand-framed bodies over real HTTP/2 to our Kestrel server: each malformed call ends with its own status and no
/// message, while a duplex call on the same connection keeps working.
/// </summary>
public sealed class MalformedRequestTests(OurServerFixture server) : IClassFixture<OurServerFixture>
{
    private static readonly string UnaryPath = TestServiceMethods.UnaryCall.FullName;

    public static TheoryData<string, byte[], string, string> MalformedBodies => new()
    {
        { "truncated header", [0, 0, 0], "13", "Incomplete message" },
        { "length prefix larger than the body", RawGrpcRequest.Frame(0, 100, 1, 2, 3), "13", "length prefix says 100 bytes" },
        { "compressed flag without grpc-encoding", RawGrpcRequest.Frame(1, 2, 8, 1), "13", "no grpc-encoding" },
        { "undefined flag", RawGrpcRequest.Frame(7, 0), "13", "Invalid compression flag" },
        { "garbage protobuf", RawGrpcRequest.Frame(0, 4, 0xFF, 0xFF, 0xFF, 0xFF), "13", "Failed to deserialize request message" },
        { "oversized message", RawGrpcRequest.Frame(0, 16 * 1024 * 1024, 1, 2, 3), "8", "exceeds the maximum configured message size" },
        { "no message", [], "13", "Request message not supplied" },
        { "two messages to a unary method", [.. RawGrpcRequest.Frame(0, 0), .. RawGrpcRequest.Frame(0, 0)], "13", "Additional data" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_ends_only_its_call_with_the_right_status(string what, byte[] body, string expectedStatus, string expectedDetail)
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);

        var response = await RawGrpcRequest.SendAsync(client, server.Address, UnaryPath, body);

        Assert.True(response.HttpStatus == HttpStatusCode.OK, $"{what}: {response}");
        Assert.True(expectedStatus == response.GrpcStatus, $"{what}: {response}");
        Assert.Contains(expectedDetail, response.GrpcMessage, StringComparison.Ordinal);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task The_connection_and_a_running_duplex_call_survive_every_malformed_call_on_it()
    {
        // One handler, one HTTP/2 connection: the duplex call and the raw requests share it.
        using var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false };
        using var channel = server.CreateChannel(new GrpcChannelOptions { HttpHandler = handler });
        using var client = RawGrpcRequest.CreateClient(handler);
        using var duplex = channel.DuplexStreamingCall(TestServiceMethods.FullDuplexCall, new CallOptions(Deadline: DateTimeOffset.UtcNow + Await.DefaultTimeout));
        await PingPongAsync(duplex, 11);

        foreach (var row in MalformedBodies)
        {
            var (what, body, expectedStatus) = ((string)row[0], (byte[])row[1], (string)row[2]);
            var response = await RawGrpcRequest.SendAsync(client, server.Address, UnaryPath, body);
            Assert.True(expectedStatus == response.GrpcStatus, $"{what}: {response}");
        }

        await PingPongAsync(duplex, 22);
        var ok = await RawGrpcRequest.SendAsync(client, server.Address, UnaryPath, FrameMessage(new SimpleRequest { ResponseSize = 3 }));
        Assert.Equal("0", ok.GrpcStatus);
        Assert.Equal(FrameMessage(new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFrom(new byte[3]) } }), ok.Body);

        await duplex.RequestStream.CompleteAsync().Within("half-close of the surviving duplex call");
        Assert.False(await duplex.ResponseStream.MoveNext().Within("the end of the surviving duplex call"));
        Assert.Equal(StatusCode.OK, duplex.GetStatus().StatusCode);
    }

    [Fact]
    public async Task A_bin_header_that_is_not_base64_ends_the_call_with_internal()
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);

        var response = await RawGrpcRequest.SendAsync(client, server.Address, UnaryPath, FrameMessage(new SimpleRequest()), headers: ("x-trace-bin", "!!not base64!!"));

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("x-trace-bin", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_method_is_unimplemented_in_a_trailers_only_response()
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);

        var response = await RawGrpcRequest.SendAsync(client, server.Address, "/grpc.testing.TestService/NoSuchMethod", RawGrpcRequest.Frame(0, 0));

        Assert.Equal("12", response.Headers.GetValueOrDefault("grpc-status"));
        Assert.Equal("Method is unimplemented.", response.GrpcMessage);
        Assert.Empty(response.Trailers);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task The_unimplemented_catch_all_leaves_non_grpc_requests_alone()
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);

        var response = await RawGrpcRequest.SendAsync(client, server.Address, "/some/path", [1, 2], contentType: "application/json");

        Assert.Equal(HttpStatusCode.NotFound, response.HttpStatus);
        Assert.Null(response.GrpcStatus);
    }

    [Fact]
    public async Task A_known_method_called_without_grpc_content_type_gets_415()
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);

        var response = await RawGrpcRequest.SendAsync(client, server.Address, UnaryPath, RawGrpcRequest.Frame(0, 0), contentType: "text/plain");

        Assert.True(HttpStatusCode.UnsupportedMediaType == response.HttpStatus, $"{response} {string.Join(";", response.Headers)} {System.Text.Encoding.UTF8.GetString(response.Body)}");
        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Grpc_timeout_ends_a_sleeping_call_with_deadline_exceeded()
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);
        var sleepy = new StreamingOutputCallRequest();
        sleepy.ResponseParameters.Add(new ResponseParameters { Size = 1, IntervalUs = (int)TimeSpan.FromMinutes(5).TotalMicroseconds });

        var response = await RawGrpcRequest.SendAsync(client, server.Address, TestServiceMethods.FullDuplexCall.FullName, FrameMessage(sleepy), headers: ("grpc-timeout", "200m"));

        Assert.Equal("4", response.GrpcStatus);
        Assert.Empty(response.Body);
    }

    private static async Task PingPongAsync(AsyncDuplexStreamingCall<StreamingOutputCallRequest, StreamingOutputCallResponse> duplex, int size)
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = size });
        await duplex.RequestStream.WriteAsync(request).Within($"ping of {size}");
        Assert.True(await duplex.ResponseStream.MoveNext().Within($"pong of {size}"));
        Assert.Equal(size, duplex.ResponseStream.Current.Payload.Body.Length);
    }

    private static byte[] FrameMessage(IMessage message) => RawGrpcRequest.Frame(0, (uint)message.CalculateSize(), message.ToByteArray());
}
