using System.Text;
using Google.Protobuf;
using Grpc.Testing;
using Microfactory.Grpc.Client;
using Microfactory.Grpc.Tests.Support;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Interop;

/// <summary>
/// The gRPC interop client cases written against our client; run against Python grpcio's server and against
/// our own server by the two subclasses.
/// </summary>
public abstract class ClientInteropCases : IDisposable
{
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n";
    private static readonly byte[] TrailingBin = [0x0a, 0x0b, 0x0a, 0x0b, 0x0a, 0x0b];

    private readonly GrpcChannel _channel;

    protected ClientInteropCases(GrpcChannel channel) => _channel = channel;

    private static CallOptions WithDeadline(Metadata? headers = null, CancellationToken cancellationToken = default) =>
        new(headers, DateTimeOffset.UtcNow + Await.DefaultTimeout, cancellationToken);

    [Fact]
    public async Task empty_unary()
    {
        var response = await _channel.UnaryCall(TestServiceMethods.EmptyCall, new Empty(), WithDeadline()).ResponseAsync.Within("EmptyCall");
        Assert.Equal(new Empty(), response);
    }

    [Fact]
    public async Task large_unary()
    {
        var request = new SimpleRequest { ResponseSize = (2 * 1024 * 1024) + 7, Payload = Zeros((1024 * 1024) + 3) };
        var response = await _channel.UnaryCall(TestServiceMethods.UnaryCall, request, WithDeadline()).ResponseAsync.Within("a 1 MB request and 2 MB response");
        Assert.Equal((2 * 1024 * 1024) + 7, response.Payload.Body.Length);
    }

    [Fact]
    public async Task server_streaming()
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = _channel.ServerStreamingCall(TestServiceMethods.StreamingOutputCall, request, WithDeadline());

        async Task<List<int>> ReadSizesAsync()
        {
            var sizes = new List<int>();
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                sizes.Add(response.Payload.Body.Length);
            }

            return sizes;
        }

        var received = await ReadSizesAsync().Within("the whole response stream");

        Assert.Equal(sizes, received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ping_pong()
    {
        int[] requestSizes = [27182, 8, 1828, 45904];
        int[] responseSizes = [31415, 9, 2653, 58979];
        using var call = _channel.DuplexStreamingCall(TestServiceMethods.FullDuplexCall, WithDeadline());
        for (var i = 0; i < requestSizes.Length; i++)
        {
            var request = new StreamingOutputCallRequest { Payload = Zeros(requestSizes[i]) };
            request.ResponseParameters.Add(new ResponseParameters { Size = responseSizes[i] });
            await call.RequestStream.WriteAsync(request).Within($"ping {i}");
            Assert.True(await call.ResponseStream.MoveNext().Within($"pong {i}"));
            Assert.Equal(responseSizes[i], call.ResponseStream.Current.Payload.Body.Length);
        }

        await call.RequestStream.CompleteAsync().Within("half-close");
        Assert.False(await call.ResponseStream.MoveNext().Within("the end of the response stream"));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task cancel_after_begin()
    {
        using var cts = new CancellationTokenSource();
        using var call = _channel.ClientStreamingCall(TestServiceMethods.StreamingInputCall, new CallOptions(CancellationToken: cts.Token));
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.Within("the cancelled call to fail"));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task timeout_on_sleeping_server()
    {
        using var call = _channel.DuplexStreamingCall(TestServiceMethods.FullDuplexCall, new CallOptions(Deadline: DateTimeOffset.UtcNow.AddMilliseconds(1)));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) }).Within("the write");
        }
        catch (RpcException ex)
        {
            // The deadline may pass before the write: that write then reports it.
            Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        }

        var readFailure = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().Within("the read after the deadline"));
        Assert.Equal(StatusCode.DeadlineExceeded, readFailure.StatusCode);
    }

    [Fact]
    public async Task custom_metadata()
    {
        var metadata = new Metadata()
            .Add(InteropTestService.EchoInitialKey, "test_initial_metadata_value")
            .Add(InteropTestService.EchoTrailingKey, TrailingBin);

        using var unary = _channel.UnaryCall(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, WithDeadline(metadata));
        var response = await unary.ResponseAsync.Within("the unary call with metadata");
        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.Equal("test_initial_metadata_value", (await unary.ResponseHeadersAsync.Within("unary headers")).GetValue(InteropTestService.EchoInitialKey));
        Assert.Equal(TrailingBin, unary.GetTrailers().GetValueBytes(InteropTestService.EchoTrailingKey));

        using var duplex = _channel.DuplexStreamingCall(TestServiceMethods.FullDuplexCall, WithDeadline(metadata));
        var request = new StreamingOutputCallRequest { Payload = Zeros(271828) };
        request.ResponseParameters.Add(new ResponseParameters { Size = 314159 });
        await duplex.RequestStream.WriteAsync(request).Within("the duplex request");
        await duplex.RequestStream.CompleteAsync().Within("half-close");
        Assert.True(await duplex.ResponseStream.MoveNext().Within("the duplex response"));
        Assert.False(await duplex.ResponseStream.MoveNext().Within("the duplex end"));
        Assert.Equal("test_initial_metadata_value", (await duplex.ResponseHeadersAsync.Within("duplex headers")).GetValue(InteropTestService.EchoInitialKey));
        Assert.Equal(TrailingBin, duplex.GetTrailers().GetValueBytes(InteropTestService.EchoTrailingKey));
    }

    [Fact]
    public Task status_code_and_message() => AssertEchoedStatusAsync("test status message");

    [Fact]
    public Task special_status_message() => AssertEchoedStatusAsync(SpecialMessage);

    [Fact]
    public async Task unimplemented_method()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryCall(TestServiceMethods.UnimplementedCall, new Empty(), WithDeadline()).ResponseAsync.Within("UnimplementedCall"));
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task unimplemented_service()
    {
        var method = new GrpcMethod<Empty, Empty>(MethodType.Unary, "grpc.testing.UnimplementedService", "UnimplementedCall", Empty.Parser, Empty.Parser);
        var ex = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryCall(method, new Empty(), WithDeadline()).ResponseAsync.Within("UnimplementedService"));
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    public void Dispose()
    {
        _channel.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task AssertEchoedStatusAsync(string message)
    {
        var status = new EchoStatus { Code = 2, Message = message };
        var unary = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryCall(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseStatus = status }, WithDeadline()).ResponseAsync.Within("the unary call asked to fail"));
        Assert.Equal(StatusCode.Unknown, unary.StatusCode);
        Assert.Equal(message, unary.Status.Detail);

        using var duplex = _channel.DuplexStreamingCall(TestServiceMethods.FullDuplexCall, WithDeadline());
        await duplex.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status }).Within("the duplex request asking to fail");
        await duplex.RequestStream.CompleteAsync().Within("half-close");
        var streamed = await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseStream.MoveNext().Within("the duplex failure"));
        Assert.Equal(StatusCode.Unknown, streamed.StatusCode);
        Assert.Equal(Encoding.UTF8.GetBytes(message), Encoding.UTF8.GetBytes(streamed.Status.Detail));
    }

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}

/// <summary>Our HttpClient-based client against Python grpcio's server.</summary>
public sealed class OurClientToTheirServerTests(PythonServerFixture server)
    : ClientInteropCases(server.CreateChannel()), IClassFixture<PythonServerFixture>;

/// <summary>Our client against our own server: both halves agree with each other as well as with grpcio.</summary>
public sealed class OurClientToOurServerTests(OurServerFixture server)
    : ClientInteropCases(server.CreateChannel()), IClassFixture<OurServerFixture>;
