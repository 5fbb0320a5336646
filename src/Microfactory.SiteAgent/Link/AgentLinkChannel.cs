using System.Net.Http;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Link;

/// <summary>
/// The agent's one gRPC channel to the orchestrator, shared by Connect and every DownloadArtifact: HTTP/2 keep-alive
/// pings keep the long idle stream open through NAT and firewalls and find a dead orchestrator without waiting for TCP.
/// </summary>
public static class AgentLinkChannel
{
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The largest message the agent takes (the orchestrator's chunks are at most 1 MiB; gRPC's usual limit).</summary>
    public const int MaxReceiveMessageBytes = 4 * 1024 * 1024;

    public static GrpcChannel Create(Uri orchestrator, ILoggerFactory? loggerFactory = null) =>
        GrpcChannel.ForAddress(orchestrator, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                KeepAlivePingDelay = KeepAlivePingDelay,
                KeepAlivePingTimeout = KeepAlivePingTimeout,
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,

                // Connect plus a download are two streams, far below any server's limit; should calls ever exceed it, a
                // second connection opens instead of queueing them. A connection left idle after its stream ended is
                // dropped within a minute, so a reconnect after a longer backoff dials the load balancer afresh.
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                ConnectTimeout = TimeSpan.FromSeconds(15),
            },
            MaxReceiveMessageSize = MaxReceiveMessageBytes,
            LoggerFactory = loggerFactory,
            DisposeHttpClient = true,
        });
}
