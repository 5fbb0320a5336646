using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microfactory.Contracts.Agent.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GrpcStatus = Grpc.Core.Status;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>
/// The orchestrator's side of the agent link, minimal and scripted, on a real Kestrel HTTP/2 port with Grpc.AspNetCore
/// (a service derived from the generated AgentLink base): records what arrives, answers Hello with a Welcome, sends what a test tells it to, acks,
/// drops streams and refuses with a status.
/// </summary>
internal sealed class TestOrchestrator : IAsyncDisposable
{
    private readonly Channel<PeerConnection> _connections = Channel.CreateUnbounded<PeerConnection>();
    private const int ChunkBytes = 256 * 1024;
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    /// <summary>When set, the next streams end with this status right after Hello.</summary>
    public GrpcStatus? RefuseWith { get; set; }

    /// <summary>Ack every sequenced agent message as it arrives.</summary>
    public bool AutoAck { get; set; } = true;

    /// <summary>Welcome.last_received_agent_sequence; null: the highest sequence this peer has acked.</summary>
    public ulong? LastReceivedAgentSequence { get; set; }

    public TimeSpan LostAfter { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromHours(1);

    public ulong HighestAcked { get; private set; }

    /// <summary>What DownloadArtifact serves, by artifact id; anything else is NOT_FOUND.</summary>
    public ConcurrentDictionary<string, ServedArtifact> Artifacts { get; } = new(StringComparer.Ordinal);

    public static async Task<TestOrchestrator> StartAsync()
    {
        var peer = new TestOrchestrator();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(peer);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        peer._app = builder.Build();
        peer._app.MapGrpcService<Service>();
        await peer._app.StartAsync().Within("the test orchestrator to start");
        var bound = peer._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        peer.Address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return peer;
    }

    public Task<PeerConnection> NextConnectionAsync(string awaited) => _connections.Reader.ReadAsync().AsTask().Within(awaited);

    /// <summary>A connection that already arrived, if any (to check that none did).</summary>
    public bool TryTakeConnection(out PeerConnection? connection) => _connections.Reader.TryRead(out connection);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(new CancellationToken(canceled: true)).Within("the test orchestrator to stop");
            await _app.DisposeAsync();
        }
    }

    /// <summary>The generated base's methods, forwarded to this peer (Grpc.AspNetCore creates one per call).</summary>
    private sealed class Service(TestOrchestrator peer) : AgentLink.AgentLinkBase
    {
        public override Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<OrchestratorMessage> responseStream, ServerCallContext context) =>
            peer.ConnectAsync(requestStream, responseStream, context);

        public override Task DownloadArtifact(ArtifactRequest request, IServerStreamWriter<ArtifactChunk> responseStream, ServerCallContext context) =>
            peer.DownloadArtifactAsync(request, responseStream, context);
    }

    // Byte-exact per the contract: 256 KiB chunks in order from the requested offset, each with its offset and the total size.
    private async Task DownloadArtifactAsync(ArtifactRequest request, IServerStreamWriter<ArtifactChunk> responses, ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("authorization") != $"Bearer {AgentHosts.Credential}")
        {
            throw new RpcException(new GrpcStatus(StatusCode.Unauthenticated, "A site credential is required."));
        }

        if (!Artifacts.TryGetValue(request.ArtifactId, out var artifact))
        {
            throw new RpcException(new GrpcStatus(StatusCode.NotFound, $"Artifact {request.ArtifactId} does not exist."));
        }

        artifact.Requested(request.Offset);
        if (request.Offset > (ulong)artifact.Size)
        {
            throw new RpcException(new GrpcStatus(StatusCode.OutOfRange, $"offset {request.Offset} is beyond the artifact's {artifact.Size} bytes."));
        }

        var buffer = new byte[ChunkBytes];
        for (var offset = (long)request.Offset; offset < artifact.Size;)
        {
            var length = (int)Math.Min(buffer.Length, artifact.Size - offset);
            artifact.Fill(offset, buffer.AsSpan(0, length));
            await responses.WriteAsync(new ArtifactChunk { Offset = (ulong)offset, Data = ByteString.CopyFrom(buffer, 0, length), TotalSize = (ulong)artifact.Size }, context.CancellationToken);
            offset += length;
            artifact.AfterChunk?.Invoke(offset);
            if (offset < artifact.Size && artifact.BreaksNow(offset))
            {
                throw new RpcException(new GrpcStatus(StatusCode.Unavailable, $"The test orchestrator broke the download at {offset} bytes."));
            }
        }
    }

    private async Task ConnectAsync(IAsyncStreamReader<AgentMessage> requests, IServerStreamWriter<OrchestratorMessage> responses, ServerCallContext context)
    {
        var token = context.CancellationToken;
        if (!await requests.MoveNext(token))
        {
            return;
        }

        var connection = new PeerConnection(context.RequestHeaders.GetValue("authorization"), requests.Current.Hello);
        _connections.Writer.TryWrite(connection);
        if (RefuseWith is { } refusal)
        {
            throw new RpcException(refusal);
        }

        await responses.WriteAsync(new OrchestratorMessage
        {
            Welcome = new Welcome
            {
                ResumeAfterSequence = connection.Hello.LastAcknowledgedSequence,
                LastReceivedAgentSequence = LastReceivedAgentSequence ?? HighestAcked,
                ServerTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                HeartbeatInterval = Duration.FromTimeSpan(HeartbeatInterval),
                CapacityReportInterval = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
                LostAfter = Duration.FromTimeSpan(LostAfter),
                SessionId = $"session-{Guid.NewGuid():N}",
            },
        }, token);

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(token, connection.DropToken);
        var pump = Task.Run(async () =>
        {
            await foreach (var message in connection.Outgoing.Reader.ReadAllAsync(ended.Token))
            {
                await responses.WriteAsync(message, ended.Token);
            }
        }, CancellationToken.None);
        try
        {
            while (await requests.MoveNext(ended.Token))
            {
                var message = requests.Current;
                connection.Record(message);
                if (AutoAck && message.Sequence > 0)
                {
                    HighestAcked = Math.Max(HighestAcked, message.Sequence);
                    connection.Send(new OrchestratorMessage { Ack = new Ack { Sequence = message.Sequence } });
                }
            }
        }
        catch (OperationCanceledException) when (connection.DropToken.IsCancellationRequested)
        {
        }

        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (connection.DropStatus is { } drop)
        {
            throw new RpcException(drop);
        }
    }
}

/// <summary>One agent stream as the test orchestrator sees it.</summary>
internal sealed class PeerConnection(string? authorization, Hello hello)
{
    private readonly Lock _gate = new();
    private readonly List<AgentMessage> _received = [];
    private readonly CancellationTokenSource _drop = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? Authorization { get; } = authorization;

    public Hello Hello { get; } = hello;

    public Channel<OrchestratorMessage> Outgoing { get; } = Channel.CreateUnbounded<OrchestratorMessage>();

    public CancellationToken DropToken => _drop.Token;

    public GrpcStatus? DropStatus { get; private set; }

    public IReadOnlyList<AgentMessage> Received { get { lock (_gate) { return [.. _received]; } } }

    public IReadOnlyList<JobUpdate> Updates(string jobId) =>
        [.. Received.Where(m => m.BodyCase == AgentMessage.BodyOneofCase.JobUpdate && m.JobUpdate.JobId == jobId).Select(m => m.JobUpdate)];

    public void Send(OrchestratorMessage message) => Outgoing.Writer.TryWrite(message);

    /// <summary>Ends the stream with a status, as a failing orchestrator node would.</summary>
    public void Drop(GrpcStatus status)
    {
        DropStatus = status;
        _drop.Cancel();
    }

    public void Record(AgentMessage message)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _received.Add(message);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until what arrived satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<AgentMessage>, bool> condition, string awaited, TimeSpan? timeout = null)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_received))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.Within(awaited, timeout);
        }
    }
}
