using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Link;

namespace Microfactory.LoadTest;

/// <summary>
/// One site's agent on its own GrpcChannel (so its own HTTP/2 connection), set up as the real site agent sets up
/// its channel: Hello, await Welcome, then capacity reports (jittered start), heartbeats when otherwise silent, and
/// for each JobAssignment an ack and a sequenced ACCEPTED update.
/// </summary>
public sealed class SimulatedAgent(SimulatedSite site, Uri address, LinkCounters counters) : IAsyncDisposable
{
    public const string AgentVersion = "loadtest/1";

    private static readonly TimeSpan WelcomeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HashSet<string> _jobs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private GrpcChannel? _channel;
    private AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage>? _call;
    private Task _running = Task.CompletedTask;
    private ulong _nextSequence = 1;
    private long _lastSentAt;
    private ulong _lastAcknowledged;

    /// <summary>
    /// Opens the stream and waits for Welcome; false (with the reason counted) when that fails, and then the agent
    /// keeps trying in the background, so a refused first connect shows up as a late connection, not a lost agent.
    /// </summary>
    public async Task<bool> ConnectAsync(TimeSpan within)
    {
        // Exactly the site agent's channel: its SocketsHttpHandler with HTTP/2 keep-alive pings.
        _channel = AgentLinkChannel.Create(address);
        var welcome = await OpenAsync(within, "connect");
        _running = RunAsync(welcome);
        return welcome is not null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _call?.Dispose();
        await _running.ContinueWith(_ => { }, TaskScheduler.Default);
        _channel?.Dispose();
        _stop.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>Hello, then Welcome within <paramref name="within"/>; null (with the reason counted under <paramref name="phase"/>) when that fails.</summary>
    private async Task<Welcome?> OpenAsync(TimeSpan within, string phase)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(within);
        try
        {
            var headers = new Metadata { { "authorization", "Bearer " + site.Credential } };
            _call?.Dispose();
            _call = new AgentLink.AgentLinkClient(_channel!).Connect(headers, cancellationToken: _stop.Token);
            var hello = new Hello
            {
                SiteId = site.Id,
                AgentVersion = AgentVersion,
                AgentInstanceId = Guid.NewGuid().ToString("N"),
                AgentTime = Now(),
                LastAcknowledgedSequence = Interlocked.Read(ref _lastAcknowledged),
            };
            hello.Cells.AddRange(site.Cells.Select(cell => new CellInfo
            {
                CellId = cell,
                Capabilities = { SimulatedNetwork.Capability },
                State = CellState.Idle,
                InstalledDesigns = { new InstalledDesign { DesignVersion = SimulatedNetwork.Design } },
                Driver = "loadtest",
            }));
            // Every job it holds, as the contract asks: a job missing here is one the orchestrator takes as lost and routes again.
            hello.Jobs.AddRange(_jobs.Select(id => new JobUpdate { JobId = id, Kind = JobUpdateKind.Accepted, OccurredAt = Now() }));
            await WriteAsync(new AgentMessage { Hello = hello });
            if (!await _call.ResponseStream.MoveNext(timeout.Token) || _call.ResponseStream.Current.BodyCase != OrchestratorMessage.BodyOneofCase.Welcome)
            {
                counters.Error($"{phase}: no welcome");
                return null;
            }

            counters.Connect();
            return _call.ResponseStream.Current.Welcome;
        }
        catch (RpcException e)
        {
            counters.Error($"{phase}: {e.StatusCode}");
            return null;
        }
        catch (OperationCanceledException)
        {
            counters.Error($"{phase}: timed out");
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            counters.Error($"{phase}: {e.GetType().Name}");
            return null;
        }
    }

    /// <summary>
    /// Runs one stream at a time: when the orchestrator closes it (or refused it), the closure is counted (with how
    /// long ago this agent last wrote, which tells a server that stopped reading from an agent that stopped
    /// writing) and the agent reconnects after <see cref="ReconnectDelay"/>, as the real SiteAgent does.
    /// </summary>
    private async Task RunAsync(Welcome? welcome)
    {
        while (true)
        {
            if (welcome is not null)
            {
                using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var reports = ReportAsync(welcome.CapacityReportInterval.ToTimeSpan(), welcome.HeartbeatInterval.ToTimeSpan(), session.Token);
                await ReceiveAsync();
                await session.CancelAsync();
                await reports;
                counters.Disconnect();
            }

            try
            {
                await Task.Delay(ReconnectDelay, _stop.Token); // backs off before reconnecting; not a synchronisation
            }
            catch (OperationCanceledException)
            {
                return;
            }

            counters.Reconnect();
            welcome = await OpenAsync(WelcomeTimeout, "reconnect");
        }
    }

    private async Task ReceiveAsync()
    {
        var stream = _call!.ResponseStream;
        try
        {
            while (await stream.MoveNext(_stop.Token))
            {
                await ApplyAsync(stream.Current);
            }

            counters.Error("stream ended by the orchestrator");
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or RpcException or IOException or HttpRequestException)
        {
            // stopping
        }
        catch (RpcException e)
        {
            counters.Error($"stream closed: {e.StatusCode} {e.Status.Detail} (this agent last wrote {SinceLastWrite()})");
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException)
        {
            counters.Error($"stream closed: {e.GetType().Name} (this agent last wrote {SinceLastWrite()})");
        }
    }

    /// <summary>Coarse buckets, so the error list stays short: within one report interval, within the server's silence limit, or longer.</summary>
    private string SinceLastWrite()
    {
        var seconds = (Environment.TickCount64 - Interlocked.Read(ref _lastSentAt)) / 1000.0;
        return seconds switch
        {
            < 11 => "under 11 s before",
            < 30 => "11-30 s before",
            _ => "30 s or more before",
        };
    }

    private async Task ApplyAsync(OrchestratorMessage message)
    {
        switch (message.BodyCase)
        {
            case OrchestratorMessage.BodyOneofCase.JobAssignment:
                var job = message.JobAssignment;
                var fresh = _jobs.Add(job.JobId);
                counters.Assignment(job.OrderId, duplicate: !fresh);
                await AcknowledgeAsync(message.Sequence);
                if (fresh)
                {
                    var accepted = new JobUpdate { JobId = job.JobId, Kind = JobUpdateKind.Accepted, OccurredAt = Now() };
                    await WriteSequencedAsync(accepted);
                }

                break;
            case OrchestratorMessage.BodyOneofCase.Ack:
                counters.UpdateAcknowledged();
                break;
            case OrchestratorMessage.BodyOneofCase.Notice:
                counters.Error($"notice: {message.Notice.Code}");
                break;
            default:
                if (message.Sequence > 0)
                {
                    await AcknowledgeAsync(message.Sequence);
                }

                break;
        }
    }

    /// <summary>Acks cumulatively, and remembers it so a reconnect's Hello resumes after it (no re-delivery).</summary>
    private async Task AcknowledgeAsync(ulong sequence)
    {
        await WriteAsync(new AgentMessage { Ack = new Ack { Sequence = sequence } });
        Interlocked.Exchange(ref _lastAcknowledged, sequence);
    }

    private async Task ReportAsync(TimeSpan capacityInterval, TimeSpan heartbeatInterval, CancellationToken session)
    {
        var tick = capacityInterval < heartbeatInterval ? capacityInterval : heartbeatInterval;
        try
        {
            // A jittered start spreads the fleet's reports evenly over the interval instead of in one burst.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * tick.TotalMilliseconds), session);
            using var timer = new PeriodicTimer(tick);
            var lastReport = DateTimeOffset.MinValue;
            do
            {
                var now = DateTimeOffset.UtcNow;
                if (now - lastReport >= capacityInterval - TimeSpan.FromMilliseconds(50))
                {
                    lastReport = now;
                    await WriteAsync(new AgentMessage { CapacityReport = Report() });
                    counters.CapacityReport();
                }
                else if (Environment.TickCount64 - Interlocked.Read(ref _lastSentAt) >= heartbeatInterval.TotalMilliseconds / 2)
                {
                    await WriteAsync(new AgentMessage { Heartbeat = new Heartbeat { SentAt = Now() } });
                    counters.Heartbeat();
                }
            }
            while (await timer.WaitForNextTickAsync(session));
        }
        catch (Exception e) when (session.IsCancellationRequested && e is OperationCanceledException or RpcException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // stopping, or the stream closed (the receive side counts that)
        }
        catch (Exception e) when (e is RpcException or IOException or HttpRequestException or InvalidOperationException)
        {
            // A write failing means the stream is gone; the receive side counts the closure and reconnects.
            counters.Error($"report write failed: {e.GetType().Name}");
        }
    }

    private CapacityReport Report()
    {
        var report = new CapacityReport { MeasuredAt = Now() };
        foreach (var cell in site.Cells)
        {
            report.Cells.Add(new CellCapacity
            {
                CellId = cell,
                State = CellState.Idle,
                HoursAvailablePerDay = 24,
                Backlog = Duration.FromTimeSpan(TimeSpan.Zero),
                LoadedDesignVersion = SimulatedNetwork.Design,
            });
        }

        return report;
    }

    private async Task WriteSequencedAsync(JobUpdate update)
    {
        await _writeLock.WaitAsync(_stop.Token);
        try
        {
            // Numbered under the write lock, so sequences reach the orchestrator in order.
            await _call!.RequestStream.WriteAsync(new AgentMessage { Sequence = _nextSequence++, JobUpdate = update }, _stop.Token);
            Interlocked.Exchange(ref _lastSentAt, Environment.TickCount64);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteAsync(AgentMessage message)
    {
        await _writeLock.WaitAsync(_stop.Token);
        try
        {
            await _call!.RequestStream.WriteAsync(message, _stop.Token);
            Interlocked.Exchange(ref _lastSentAt, Environment.TickCount64);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static Timestamp Now() => Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
}
