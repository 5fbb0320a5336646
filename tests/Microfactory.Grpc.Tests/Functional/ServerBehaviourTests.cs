using Google.Protobuf;
using Grpc.Testing;
using Microfactory.Grpc.Client;
using Microfactory.Grpc.Tests.Support;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Functional;

/// <summary>Limits, cancellation and error hygiene, observed through our client against our server over real HTTP/2.</summary>
public sealed class ServerBehaviourTests(OurServerFixture server) : IClassFixture<OurServerFixture>
{
    private static CallOptions Bounded(Metadata? headers = null) => new(headers, DateTimeOffset.UtcNow + Await.DefaultTimeout);

    [Fact]
    public async Task The_server_refuses_to_send_a_response_over_its_limit()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseSize = 5 * 1024 * 1024 }, Bounded()).ResponseAsync.Within("the oversized response"));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("Sending message", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_refuses_to_receive_a_response_over_its_limit()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 1024 * 1024 });

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseSize = 2 * 1024 * 1024 }, Bounded()).ResponseAsync.Within("the response over the client's limit"));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("Received message", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_refuses_to_send_a_request_over_its_limit()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1024 });
        var request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[2048]) } };

        using var call = channel.UnaryCall(TestServiceMethods.UnaryCall, request, Bounded());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.Within("the refused request"));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("Sending message", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_call_cancels_it_on_the_server()
    {
        using var channel = server.CreateChannel();
        var probeId = Guid.NewGuid().ToString("N");
        var call = channel.DuplexStreamingCall(ProbeService.WaitForCancel, Bounded(new Metadata().Add(ProbeService.ProbeIdKey, probeId)));
        await call.ResponseHeadersAsync.Within("the probe to accept the call");

        call.Dispose();

        Assert.Equal("aborted by client", await server.Probes.CancellationObserved(probeId).Within("the server to see the call reset"));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_call_on_both_sides()
    {
        using var channel = server.CreateChannel();
        using var cts = new CancellationTokenSource();
        var probeId = Guid.NewGuid().ToString("N");
        using var call = channel.DuplexStreamingCall(ProbeService.WaitForCancel, new CallOptions(new Metadata().Add(ProbeService.ProbeIdKey, probeId), CancellationToken: cts.Token));
        await call.ResponseHeadersAsync.Within("the probe to accept the call");
        var read = call.ResponseStream.MoveNext();

        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => read.Within("the pending read to fail"));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal("aborted by client", await server.Probes.CancellationObserved(probeId).Within("the server to see the call reset"));
    }

    [Fact]
    public async Task A_handler_exception_reaches_the_client_as_unknown_without_internals()
    {
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(ProbeService.Throw, new Empty(), Bounded()).ResponseAsync.Within("the failing call"));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_deadline_is_sent_as_grpc_timeout_and_ends_the_call()
    {
        using var channel = server.CreateChannel();
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 1, IntervalUs = (int)TimeSpan.FromMinutes(5).TotalMicroseconds });

        using var call = channel.ServerStreamingCall(TestServiceMethods.StreamingOutputCall, request, new CallOptions(Deadline: DateTimeOffset.UtcNow.AddMilliseconds(300)));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().Within("the call past its deadline"));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task After_the_server_fails_a_duplex_call_writes_report_the_servers_status()
    {
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreamingCall(TestServiceMethods.FullDuplexCall, Bounded());
        var failing = new StreamingOutputCallRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.PermissionDenied, Message = "site A may not act as site B" } };

        await call.RequestStream.WriteAsync(failing).Within("the request the server rejects");
        var readFailure = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().Within("the server's rejection"));
        var writeFailure = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new StreamingOutputCallRequest()).Within("a write after the rejection"));

        Assert.Equal(StatusCode.PermissionDenied, readFailure.StatusCode);
        Assert.Equal("site A may not act as site B", readFailure.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, writeFailure.StatusCode);
    }

    [Fact]
    public async Task Many_concurrent_streams_on_one_channel_each_get_their_own_answers()
    {
        const int Streams = 150;
        const int RoundTrips = 5;
        using var channel = server.CreateChannel();

        async Task RunStreamAsync(int stream)
        {
            using var call = channel.DuplexStreamingCall(TestServiceMethods.FullDuplexCall, Bounded());
            for (var i = 1; i <= RoundTrips; i++)
            {
                var size = (stream * 10) + i;
                var request = new StreamingOutputCallRequest();
                request.ResponseParameters.Add(new ResponseParameters { Size = size });
                await call.RequestStream.WriteAsync(request);
                Assert.True(await call.ResponseStream.MoveNext());
                Assert.Equal(size, call.ResponseStream.Current.Payload.Body.Length);
            }

            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext());
        }

        await Task.WhenAll(Enumerable.Range(0, Streams).Select(RunStreamAsync)).Within($"{Streams} concurrent duplex streams of {RoundTrips} round trips");
    }

    [Fact]
    public async Task The_client_deadline_runs_on_the_channel_clock_and_resets_the_call_on_the_server()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var channel = server.CreateChannel(new GrpcChannelOptions { TimeProvider = clock });
        var probeId = Guid.NewGuid().ToString("N");
        using var call = channel.DuplexStreamingCall(
            ProbeService.WaitForCancel, new CallOptions(new Metadata().Add(ProbeService.ProbeIdKey, probeId), clock.GetUtcNow().AddHours(1)));
        await call.ResponseHeadersAsync.Within("the probe to accept the call");
        var read = call.ResponseStream.MoveNext();
        Assert.False(read.IsCompleted);

        clock.Advance(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<RpcException>(() => read.Within("the read to fail at the deadline"));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal("aborted by client", await server.Probes.CancellationObserved(probeId).Within("the server to see the call reset"));
    }
}
