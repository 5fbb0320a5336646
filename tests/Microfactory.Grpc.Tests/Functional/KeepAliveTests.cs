using Grpc.Testing;
using Microfactory.Grpc.Client;
using Microfactory.Grpc.Server;
using Microfactory.Grpc.Tests.Support;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Functional;

/// <summary>
/// HTTP/2 keep-alive pings keep an idle agent stream alive through middleboxes. Observed in Kestrel's own frame log:
/// the test waits for the PING frame, it never sleeps.
/// </summary>
public sealed class KeepAliveTests
{
    private const string KestrelHttp2Category = "Microsoft.AspNetCore.Server.Kestrel.Http2";

    [Fact]
    public async Task The_server_pings_an_idle_connection_and_our_client_answers()
    {
        using var acked = new LogSignal((category, message) =>
            category == KestrelHttp2Category && message.Contains("received PING frame", StringComparison.Ordinal) && message.Contains("ACK", StringComparison.Ordinal));
        var server = new OurServerFixture();
        await server.StartAsync(new GrpcKestrelOptions { KeepAlivePingDelay = TimeSpan.FromSeconds(1), KeepAlivePingTimeout = TimeSpan.FromSeconds(5) }, acked);
        try
        {
            using var channel = server.CreateChannel(new GrpcChannelOptions { KeepAlivePingDelay = null });
            using var idle = await OpenIdleCallAsync(channel);

            await acked.Matched.Within("the client to acknowledge the server's keep-alive PING");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public void Our_client_is_configured_to_ping_idle_connections()
    {
        // Behaviourally indistinguishable here from SocketsHttpHandler's own RTT pings in Kestrel's frame log, so the
        // client side is checked on its configuration; the server test above shows the pings work end to end.
        var options = new GrpcChannelOptions { KeepAlivePingDelay = TimeSpan.FromSeconds(15), KeepAlivePingTimeout = TimeSpan.FromSeconds(7) };
        using var handler = GrpcChannel.CreateDefaultHandler(options);

        Assert.Equal(TimeSpan.FromSeconds(15), handler.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(7), handler.KeepAlivePingTimeout);
        Assert.Equal(HttpKeepAlivePingPolicy.Always, handler.KeepAlivePingPolicy);
    }

    private static async Task<AsyncDuplexStreamingCall<Empty, Empty>> OpenIdleCallAsync(GrpcChannel channel)
    {
        var call = channel.DuplexStreamingCall(ProbeService.WaitForCancel, new CallOptions(new Metadata().Add(ProbeService.ProbeIdKey, Guid.NewGuid().ToString("N"))));
        await call.ResponseHeadersAsync.Within("the idle call to be accepted");
        return call;
    }
}
