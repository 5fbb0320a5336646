using Grpc.Testing;
using Microfactory.Grpc.Client;
using Microfactory.Grpc.Tests.Support;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Functional;

/// <summary>An agent holding a stream must learn promptly that the server went away, to reconnect.</summary>
public sealed class ServerGoneTests
{
    [Fact]
    public async Task A_pending_read_fails_with_unavailable_when_the_server_stops()
    {
        var server = new OurServerFixture();
        await server.InitializeAsync();
        try
        {
            using var channel = server.CreateChannel();
            using var call = channel.DuplexStreamingCall(ProbeService.WaitForCancel, new CallOptions(new Metadata().Add(ProbeService.ProbeIdKey, "gone")));
            await call.ResponseHeadersAsync.Within("the probe to accept the call");
            var read = call.ResponseStream.MoveNext();

            await server.StopAbruptlyAsync();

            var ex = await Assert.ThrowsAsync<RpcException>(() => read.Within("the pending read to fail"));
            Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_call_to_a_port_nobody_listens_on_is_unavailable()
    {
        var server = new OurServerFixture();
        await server.InitializeAsync();
        var address = server.Address;
        await server.DisposeAsync();
        using var channel = GrpcChannel.ForAddress(address);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(TestServiceMethods.EmptyCall, new Empty()).ResponseAsync.Within("the call to a closed port"));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("Error starting gRPC call", ex.Status.Detail, StringComparison.Ordinal);
    }
}
