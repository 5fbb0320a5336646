using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Contracts;
using Microfactory.SiteAgent.Designs;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Hosting;
using Microsoft.Extensions.Logging;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Link;

/// <summary>
/// One Connect stream: Hello, Welcome (with a timeout), the outbox above what the orchestrator recorded, then
/// assignments, cancellations and acks in while job updates, capacity reports and heartbeats go out.
/// </summary>
internal sealed class LinkSession(
    V1.AgentLink.AgentLinkClient client,
    AgentOptions options,
    string credential,
    string instanceId,
    IReadOnlyList<ICellDriver> cells,
    IReadOnlyDictionary<string, CellJobRunner> runners,
    JobBook book,
    LinkGate gate,
    TimeProvider time,
    ILogger logger)
{
    private readonly ConcurrentQueue<V1.AgentMessage> _control = new();
    private readonly AsyncPulse _wake = new();
    private volatile bool _capacityChanged;
    private TimeSpan? _retryAfter;

    /// <summary>A cell changed state: a capacity report goes out with the next write.</summary>
    public void CellStateChanged()
    {
        _capacityChanged = true;
        _wake.Pulse();
    }

    public async Task<LinkSessionEnd> RunAsync(CancellationToken stopping)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var headers = new Metadata { { "authorization", $"Bearer {credential}" } };
        // No deadline: the stream lives as long as the agent stays connected. Welcome's timeout bounds the start, the
        // agent's heartbeats keep the orchestrator's watchdog quiet, and the channel's HTTP/2 keep-alive pings find a
        // dead orchestrator.
        using var call = client.Connect(headers, cancellationToken: session.Token);
        DateTimeOffset? welcomedAt = null;
        Task writer = Task.CompletedTask;
        try
        {
            await call.RequestStream.WriteAsync(Hello(), session.Token).ConfigureAwait(false);
            var welcome = await ReadWelcomeAsync(call.ResponseStream, session.Token).ConfigureAwait(false);
            if (welcome is null)
            {
                return new LinkSessionEnd(StatusCode.OK, "The orchestrator ended the stream before Welcome.", TimeSpan.Zero, _retryAfter);
            }

            welcomedAt = time.GetUtcNow();
            book.Welcomed(welcome.LastReceivedAgentSequence, welcome.LostAfter?.ToTimeSpan(), welcome.ResumeAfterSequence);
            gate.Connected(welcome.LostAfter?.ToTimeSpan());
            AgentLinkLog.Welcomed(logger, options.SiteId, options.OrchestratorUrl!, welcome.SessionId, book.OutboxAbove(welcome.LastReceivedAgentSequence).Count, welcome.ResumeAfterSequence);
            writer = WriteOrEndAsync(call.RequestStream, welcome, session);
            while (await call.ResponseStream.MoveNext(session.Token).ConfigureAwait(false))
            {
                Handle(call.ResponseStream.Current);
            }

            return End(StatusCode.OK, "The orchestrator ended the stream.", welcomedAt);
        }
        catch (RpcException e)
        {
            return End(e.StatusCode, e.Status.Detail, welcomedAt);
        }
        catch (WelcomeTimeoutException)
        {
            AgentLinkLog.WelcomeTimedOut(logger, options.SiteId, options.WelcomeTimeout);
            return End(StatusCode.DeadlineExceeded, "No Welcome in time.", welcomedAt);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // A failed writer cancels the session; anything else unexpected is logged and reconnected like UNAVAILABLE.
            AgentLinkLog.LinkFailed(logger, options.SiteId, e);
            return End(StatusCode.Unavailable, e.Message, welcomedAt);
        }
        finally
        {
            gate.Disconnected();
            await session.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private LinkSessionEnd End(StatusCode code, string detail, DateTimeOffset? welcomedAt) =>
        new(code, detail, welcomedAt is { } at ? time.GetUtcNow() - at : TimeSpan.Zero, _retryAfter);

    private V1.AgentMessage Hello()
    {
        var hello = new V1.Hello
        {
            SiteId = options.SiteId,
            AgentVersion = AgentVersion.Current,
            LastAcknowledgedSequence = book.LastAcknowledgedSequence,
            AgentInstanceId = instanceId,
            AgentTime = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        };
        hello.Cells.Add(cells.Select(c => c.ToCellInfo()));
        hello.Jobs.Add(book.HelloJobs());
        return new V1.AgentMessage { Hello = hello };
    }

    private async Task<V1.Welcome?> ReadWelcomeAsync(IAsyncStreamReader<V1.OrchestratorMessage> responses, CancellationToken token)
    {
        using var timeout = new CancellationTokenSource(options.WelcomeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        try
        {
            while (await responses.MoveNext(linked.Token).ConfigureAwait(false))
            {
                var message = responses.Current;
                if (message.BodyCase == V1.OrchestratorMessage.BodyOneofCase.Welcome)
                {
                    return message.Welcome;
                }

                // Nothing but a notice is meaningful before Welcome.
                Handle(message);
            }

            return null;
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !token.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            throw new WelcomeTimeoutException();
        }
    }

    private void Handle(V1.OrchestratorMessage message)
    {
        switch (message.BodyCase)
        {
            case V1.OrchestratorMessage.BodyOneofCase.JobAssignment:
                var assignment = message.JobAssignment;
                using (JobTracing.Received(assignment, options.SiteId, message.Sequence))
                {
                    var rejection = Validate(assignment);
                    var isNew = book.Accept(assignment, message.Sequence, rejection);
                    AgentLinkLog.Assignment(logger, assignment.JobId, assignment.Quantity, assignment.CellId, !isNew ? "already held" : rejection ?? "accepted");
                }

                AckLater(message.Sequence);
                break;
            case V1.OrchestratorMessage.BodyOneofCase.JobCancellation:
                if (book.Cancel(message.JobCancellation, message.Sequence) is { } running && runners.TryGetValue(running.CellId, out var runner))
                {
                    runner.CancelRunning(running.JobId);
                }

                AckLater(message.Sequence);
                break;
            case V1.OrchestratorMessage.BodyOneofCase.DesignUpdate:
                var design = message.DesignUpdate;
                var downloading = design.Action == V1.DesignAction.Rollback ? null : DesignReplies.Ack(design, V1.DesignInstallStatus.Downloading, design.CellIds);
                book.AcceptDesign(design, message.Sequence, downloading);
                AckLater(message.Sequence);
                break;
            case V1.OrchestratorMessage.BodyOneofCase.OperatorConfirmation:
                var confirmation = message.OperatorConfirmation;
                var opened = book.ConfirmOperatorRemotely(confirmation.CellId, message.Sequence);
                AgentLinkLog.RemoteConfirmation(logger, confirmation.CellId, confirmation.ConfirmedBy, opened?.AfterJobId ?? "-", opened is null ? "not waiting: nothing to do" : "gate opened");
                AckLater(message.Sequence);
                break;
            case V1.OrchestratorMessage.BodyOneofCase.Ack:
                book.Acknowledged(message.Ack.Sequence);
                break;
            case V1.OrchestratorMessage.BodyOneofCase.Notice:
                var notice = message.Notice;
                AgentLinkLog.Notice(logger, options.SiteId, notice.Code.ToString(), notice.Message);
                if (notice.RetryAfter is { } retryAfter)
                {
                    _retryAfter = retryAfter.ToTimeSpan();
                }

                break;
        }
    }

    private string? Validate(V1.JobAssignment assignment)
    {
        var cell = cells.FirstOrDefault(c => c.CellId == assignment.CellId);
        if (cell is null)
        {
            return $"This site has no cell '{assignment.CellId}'; its cells are: {string.Join(", ", cells.Select(c => c.CellId))}.";
        }

        if (assignment.Quantity == 0 || assignment.Quantity > int.MaxValue)
        {
            return $"Quantity {assignment.Quantity} is not a number of parts a cell can make.";
        }

        if (string.IsNullOrWhiteSpace(assignment.OrderId) || string.IsNullOrWhiteSpace(assignment.DesignVersion))
        {
            return "The assignment lacks its order_id or design_version.";
        }

        return null;
    }

    private void AckLater(ulong sequence)
    {
        if (sequence > 0)
        {
            _control.Enqueue(new V1.AgentMessage { Ack = new V1.Ack { Sequence = sequence } });
            _wake.Pulse();
        }
    }

    private async Task WriteOrEndAsync(IClientStreamWriter<V1.AgentMessage> requests, V1.Welcome welcome, CancellationTokenSource session)
    {
        try
        {
            await WriteAsync(requests, welcome, session.Token).ConfigureAwait(false);
        }
        catch (Exception) when (!session.IsCancellationRequested)
        {
            // A failed write means the stream is gone; ending the session lets the reader report it and reconnect.
            await session.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(IClientStreamWriter<V1.AgentMessage> requests, V1.Welcome welcome, CancellationToken token)
    {
        var heartbeat = Positive(welcome.HeartbeatInterval?.ToTimeSpan(), TimeSpan.FromSeconds(10));
        var capacityEvery = Positive(welcome.CapacityReportInterval?.ToTimeSpan(), TimeSpan.FromSeconds(30));
        var lastSent = welcome.LastReceivedAgentSequence;
        var lastWrite = time.GetUtcNow();
        var nextCapacity = lastWrite;
        while (!token.IsCancellationRequested)
        {
            var wakes = Task.WhenAny(_wake.Next, book.OutboxChanged.Next);
            foreach (var message in book.OutboxAbove(lastSent))
            {
                await requests.WriteAsync(message, token).ConfigureAwait(false);
                lastSent = message.Sequence;
                lastWrite = time.GetUtcNow();
            }

            while (_control.TryDequeue(out var control))
            {
                await requests.WriteAsync(control, token).ConfigureAwait(false);
                lastWrite = time.GetUtcNow();
            }

            var now = time.GetUtcNow();
            if (_capacityChanged || now >= nextCapacity)
            {
                _capacityChanged = false;
                await requests.WriteAsync(new V1.AgentMessage { CapacityReport = CapacityReport(now) }, token).ConfigureAwait(false);
                nextCapacity = now + capacityEvery;
                lastWrite = now;
            }

            if (now - lastWrite >= heartbeat)
            {
                await requests.WriteAsync(new V1.AgentMessage { Heartbeat = new V1.Heartbeat { SentAt = Timestamp.FromDateTimeOffset(now) } }, token).ConfigureAwait(false);
                lastWrite = now;
            }

            var due = (nextCapacity < lastWrite + heartbeat ? nextCapacity : lastWrite + heartbeat) - time.GetUtcNow();
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(token);
            await Task.WhenAny(wakes, Task.Delay(due > TimeSpan.Zero ? due : TimeSpan.Zero, time, delay.Token)).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
        }
    }

    private V1.CapacityReport CapacityReport(DateTimeOffset now)
    {
        var report = new V1.CapacityReport { MeasuredAt = Timestamp.FromDateTimeOffset(now) };
        foreach (var cell in cells)
        {
            var (queued, running) = book.CellQueue(cell.CellId);
            var backlog = queued.Aggregate(TimeSpan.Zero, (sum, job) => sum + cell.EstimateDuration(job.DesignVersion, job.Quantity));
            if (running is not null && running.Quantity > running.Made)
            {
                backlog += cell.EstimateDuration(running.DesignVersion, running.Quantity - running.Made);
            }

            report.Cells.Add(cell.ToCellCapacity(backlog, queued.Count));
        }

        return report;
    }

    private static TimeSpan Positive(TimeSpan? value, TimeSpan fallback) => value is { } v && v > TimeSpan.Zero ? v : fallback;

    private sealed class WelcomeTimeoutException : Exception;
}
