using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microfactory.Network.Link;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Options;
using Proto = Microfactory.Contracts.Agent.V1;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// One agent's Connect stream, as docs/agent-protocol.md describes it: Hello (for the site the credential the
/// interceptor checked belongs to) then Welcome, then push the site's outbox while applying what the agent reports,
/// acknowledging its sequenced messages.
/// </summary>
public sealed partial class AgentConnectHandler(
    SiteLink link,
    SiteSessions sessions,
    SiteCredentials credentials,
    IOptions<AgentLinkOptions> options,
    IOptions<Microfactory.Network.NetworkOptions> network,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<AgentConnectHandler> logger)
{
    /// <summary>How long an agent told that this node stops waits before it dials again (to any node).</summary>
    public static readonly TimeSpan ReconnectAfterShutdown = TimeSpan.FromSeconds(1);

    public async Task HandleAsync(IAsyncStreamReader<Proto.AgentMessage> requests, IServerStreamWriter<Proto.OrchestratorMessage> stream, ServerCallContext context)
    {
        var caller = SiteCredentialInterceptor.CallerOf(context);
        var credentialSite = caller.SiteId;
        using var responses = new SerializedStreamWriter<Proto.OrchestratorMessage>(stream);
        var hello = await ReadHelloAsync(requests, context);
        if (hello.SiteId != credentialSite)
        {
            LogImpersonation(credentialSite, hello.SiteId, context.Peer);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"This credential does not act for site '{hello.SiteId}'."));
        }

        var siteId = hello.SiteId;
        Activity.Current?.SetTag("mf.site.id", siteId);
        var session = sessions.Open(siteId, Guid.NewGuid().ToString("N"));
        try
        {
            SiteSessionStart start;
            try
            {
                start = await link.ConnectAsync(siteId, session.Id, (long)hello.LastAcknowledgedSequence, hello.Cells.Select(c => c.ToDomain()).ToList());
            }
            catch (Microfactory.Network.NotFoundException)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Site '{siteId}' is not registered; an admin registers it first (PUT /api/sites/{siteId})."));
            }

            // A revocation between the interceptor's check and this session becoming current told no stream to end.
            if (!await credentials.StillValidAsync(caller))
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, $"Site '{siteId}': this credential was revoked."));
            }

            // The jobs the agent holds, with their latest state: reconciles what happened while it was away.
            foreach (var job in hello.Jobs)
            {
                if (job.ToDomain(time.GetUtcNow()) is { } update)
                {
                    await link.ReportJobAsync(siteId, update);
                }
            }

            // Only now, with the hello's own reports applied, is a job it does not list one the agent no longer has.
            foreach (var lost in await link.ReconcileAsync(siteId, session.Id, hello.Jobs.Select(j => j.JobId).ToHashSet(StringComparer.Ordinal)))
            {
                LogLostJob(siteId, lost.JobId, lost.OrderId);
            }

            await context.WriteResponseHeadersAsync(new Metadata());
            await responses.WriteAsync(Welcome(start, session.Id), context.CancellationToken);
            LogConnected(siteId, hello.AgentVersion, start.ResumeAfter, start.Pending.Count);
            foreach (var disagreement in start.Disagreements)
            {
                await responses.WriteAsync(new Proto.OrchestratorMessage { Notice = new Proto.LinkNotice { Code = Proto.NoticeCode.HelloMismatch, Message = disagreement } }, context.CancellationToken);
            }

            // Stopping ends every stream at once: Kestrel would otherwise hold shutdown for its whole timeout on them.
            // A rotated credential's stream ends when its grace period does; the agent reconnects with the new one.
            using var retired = caller.RetiresAt is { } retiresAt ? new CancellationTokenSource(Max(retiresAt - time.GetUtcNow(), TimeSpan.Zero), time) : new CancellationTokenSource();
            // A revocation cannot refuse a credential from configuration, so it does not close that stream either.
            var revoked = caller.Digest is null ? CancellationToken.None : session.Ended;
            using var streaming = CancellationTokenSource.CreateLinkedTokenSource(
                [context.CancellationToken, session.Replaced, revoked, retired.Token, lifetime.ApplicationStopping]);
            var push = PushOutboxAsync(session, start.ResumeAfter, responses, streaming.Token);
            var receive = ReceiveAsync(siteId, requests, responses, streaming.Token);
            var first = await Task.WhenAny(push, receive);
            await streaming.CancelAsync();
            await Task.WhenAll(push, receive).ContinueWith(_ => { }, TaskScheduler.Default);
            if (revoked.IsCancellationRequested || retired.IsCancellationRequested)
            {
                await EndForCredentialAsync(siteId, session, responses);
            }

            if (session.Replaced.IsCancellationRequested)
            {
                await TryNoticeAsync(responses, Proto.NoticeCode.SessionReplaced, "A newer Connect for this site replaced this stream.");
                throw new RpcException(new Status(StatusCode.Aborted, "A newer Connect for this site replaced this stream."));
            }

            if (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                // Ended in order (OK) after the notice, as docs/agent-protocol.md's status table says.
                await TryNoticeAsync(responses, Proto.NoticeCode.ShuttingDown, "This orchestrator is shutting down; reconnect (to any node).", ReconnectAfterShutdown);
                return;
            }

            await first; // surfaces the status a receive loop ended with
        }
        finally
        {
            sessions.Close(session);
            await link.DisconnectAsync(siteId, session.Id);
            LogDisconnected(siteId);
        }
    }

    private async Task<Proto.Hello> ReadHelloAsync(IAsyncStreamReader<Proto.AgentMessage> requests, ServerCallContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(options.Value.HelloTimeout);
        bool any;
        try
        {
            any = await NextAsync(requests, timeout.Token);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"No Hello within {options.Value.HelloTimeout}: the first message on Connect must be hello."));
        }

        if (!any || requests.Current.BodyCase != Proto.AgentMessage.BodyOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first message on Connect must be hello."));
        }

        var hello = requests.Current.Hello;
        if (string.IsNullOrEmpty(hello.SiteId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "hello.site_id is required."));
        }

        if (hello.Cells.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "hello.cells must list the site's cells."));
        }

        return hello;
    }

    /// <summary>
    /// Pushes the site's outbox while this session is current: the Site grain wakes it (wherever the grain lives) when a
    /// message is added, and ends it (<see cref="SiteSessions.Session.Replaced"/>) when a Connect on any silo took over.
    /// </summary>
    private async Task PushOutboxAsync(SiteSessions.Session session, long resumeAfter, IServerStreamWriter<Proto.OrchestratorMessage> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in link.FollowAsync(session, resumeAfter, cancellationToken))
            {
                var contract = message.ToContract();
                using var send = LinkTracing.StartSend(session.SiteId, message, contract);
                await responses.WriteAsync(contract, cancellationToken);
                LinkTracing.Sent(send);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReceiveAsync(string siteId, IAsyncStreamReader<Proto.AgentMessage> requests, IServerStreamWriter<Proto.OrchestratorMessage> responses, CancellationToken cancellationToken)
    {
        var silence = options.Value.HeartbeatInterval * 3;
        while (true)
        {
            using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            watchdog.CancelAfter(silence);
            bool more;
            try
            {
                more = await NextAsync(requests, watchdog.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                LogSilent(siteId, silence);
                throw new RpcException(new Status(StatusCode.Unavailable, $"No message or heartbeat for {silence}; reconnect."));
            }

            if (!more)
            {
                return; // the agent closed its side in order
            }

            await ApplyAsync(siteId, requests.Current, responses, cancellationToken);
        }
    }

    private async Task ApplyAsync(string siteId, Proto.AgentMessage message, IServerStreamWriter<Proto.OrchestratorMessage> responses, CancellationToken cancellationToken)
    {
        // Link upkeep (heartbeats, capacity, acks) is not part of any order's trace; a job update continues its job's.
        Activity.Current = null;
        using var receive = LinkTracing.StartReceive(siteId, message);
        switch (message.BodyCase)
        {
            case Proto.AgentMessage.BodyOneofCase.Heartbeat:
                await link.HeartbeatAsync(siteId);
                break;
            case Proto.AgentMessage.BodyOneofCase.Ack:
                if (await link.AcknowledgeAsync(siteId, (long)message.Ack.Sequence) is { } beyond)
                {
                    await RejectAsync(siteId, message.Sequence, beyond, responses, cancellationToken);
                }

                break;
            case Proto.AgentMessage.BodyOneofCase.CapacityReport:
                var unknownCells = await link.ReportCellsAsync(siteId, message.CapacityReport.Cells.Select(c => c.ToDomain()).ToList());
                if (unknownCells.Count > 0)
                {
                    await RejectAsync(siteId, message.Sequence, $"capacity_report names cells site {siteId} does not have: {string.Join(", ", unknownCells)}; their reports were not applied", responses, cancellationToken);
                }

                break;
            case Proto.AgentMessage.BodyOneofCase.JobUpdate:
                if (message.JobUpdate.ToDomain(time.GetUtcNow()) is { } update
                    && await link.ApplyJobAsync(siteId, update, (long)message.Sequence) == JobReport.UnknownJob)
                {
                    await RejectAsync(siteId, message.Sequence, $"job_update for job '{update.JobId}', which site {siteId} does not hold (unknown, or another site's); not applied", responses, cancellationToken);
                }

                // Acknowledged even when rejected: it was received and judged, and resending it cannot change that.
                await AcknowledgeAsync(message.Sequence, responses, cancellationToken);
                break;
            case Proto.AgentMessage.BodyOneofCase.DesignInstallAck:
                if (message.DesignInstallAck.ToDomain(time.GetUtcNow()) is { } status)
                {
                    await link.ReportDesignAsync(siteId, status, (long)message.Sequence);
                }

                await AcknowledgeAsync(message.Sequence, responses, cancellationToken);
                break;
            case Proto.AgentMessage.BodyOneofCase.Hello:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "hello may only be the first message on a stream."));
            default:
                break; // a newer agent's message kind: ignored, as the contract says
        }
    }

    /// <summary>
    /// The next agent message. Bytes that are not an AgentMessage end the call INVALID_ARGUMENT with the parser's
    /// reason: the agent sent something wrong and must not resend it (Grpc.AspNetCore alone would answer UNKNOWN, and
    /// an agent reading INTERNAL as "try again" would resend the bad message for ever).
    /// </summary>
    private static async Task<bool> NextAsync(IAsyncStreamReader<Proto.AgentMessage> requests, CancellationToken cancellationToken)
    {
        try
        {
            return await requests.MoveNext(cancellationToken);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Failed to deserialize an AgentMessage: {e.Message}"));
        }
    }

    private async Task RejectAsync(string siteId, ulong sequence, string reason, IServerStreamWriter<Proto.OrchestratorMessage> responses, CancellationToken cancellationToken)
    {
        LogRejected(siteId, sequence, reason);
        await responses.WriteAsync(new Proto.OrchestratorMessage
        {
            Notice = new Proto.LinkNotice { Code = Proto.NoticeCode.MessageRejected, Message = reason, RelatedSequence = sequence },
        }, cancellationToken);
    }

    private static Task AcknowledgeAsync(ulong sequence, IServerStreamWriter<Proto.OrchestratorMessage> responses, CancellationToken cancellationToken) =>
        sequence == 0
            ? Task.CompletedTask
            : responses.WriteAsync(new Proto.OrchestratorMessage { Ack = new Proto.Ack { Sequence = sequence } }, cancellationToken);

    private Proto.OrchestratorMessage Welcome(SiteSessionStart start, string sessionId) => new()
    {
        Welcome = new Proto.Welcome
        {
            ResumeAfterSequence = (ulong)start.ResumeAfter,
            LastReceivedAgentSequence = (ulong)start.LastAgentSequence,
            ServerTime = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            HeartbeatInterval = Duration.FromTimeSpan(options.Value.HeartbeatInterval),
            CapacityReportInterval = Duration.FromTimeSpan(options.Value.CapacityReportInterval),
            LostAfter = Duration.FromTimeSpan(network.Value.LostAfter),
            SessionId = sessionId,
        },
    };

    private async Task EndForCredentialAsync(string siteId, SiteSessions.Session session, IServerStreamWriter<Proto.OrchestratorMessage> responses)
    {
        var (code, reason) = session.Ended.IsCancellationRequested
            ? (Proto.NoticeCode.CredentialRevoked, $"The credentials of site '{siteId}' were revoked: {session.EndReason}")
            : (Proto.NoticeCode.CredentialRetired, $"The credential this stream opened with was rotated and its grace period is over; reconnect with the site's new credential.");
        LogCredentialEnded(siteId, code.ToString());
        await TryNoticeAsync(responses, code, reason);
        throw new RpcException(new Status(StatusCode.Unauthenticated, reason));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task TryNoticeAsync(IServerStreamWriter<Proto.OrchestratorMessage> responses, Proto.NoticeCode code, string text, TimeSpan? retryAfter = null)
    {
        try
        {
            var notice = new Proto.LinkNotice { Code = code, Message = text };
            if (retryAfter is { } wait)
            {
                notice.RetryAfter = Duration.FromTimeSpan(wait);
            }

            await responses.WriteAsync(new Proto.OrchestratorMessage { Notice = notice });
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or InvalidOperationException or IOException)
        {
            // the stream is already gone
        }
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "The credential of site {CredentialSite} tried to act as site {ClaimedSite} from {Peer}; refused")]
    private partial void LogImpersonation(string credentialSite, string claimedSite, string peer);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Site {SiteId} connected (agent {AgentVersion}), resuming after {ResumeAfter} with {Pending} pending")]
    private partial void LogConnected(string siteId, string agentVersion, long resumeAfter, int pending);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Site {SiteId} disconnected")]
    private partial void LogDisconnected(string siteId);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Site {SiteId}: rejected agent message {Sequence}: {Reason}")]
    private partial void LogRejected(string siteId, ulong sequence, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Site {SiteId}'s agent reconnected without job {JobId}, which it had acknowledged; order {OrderId} was told (routed again or, past its attempt limit, failed)")]
    private partial void LogLostJob(string siteId, string jobId, string orderId);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Site {SiteId}: closing its stream ({Code})")]
    private partial void LogCredentialEnded(string siteId, string code);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Site {SiteId} was silent for {Silence}; closing its stream")]
    private partial void LogSilent(string siteId, TimeSpan silence);
}
