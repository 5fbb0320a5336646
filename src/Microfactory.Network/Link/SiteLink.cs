using System.Runtime.CompilerServices;
using Orleans;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;

namespace Microfactory.Network.Link;

/// <summary>
/// The edge between a site's agent and the grains: what the agent stream (gRPC, or the in-process simulation)
/// calls. The site id always comes from the authenticated caller, never from a message, so a site acts only for itself.
/// Every call retries grain conflicts, because this is an edge.
/// </summary>
public sealed class SiteLink(IGrainFactory grains)
{
    /// <summary>
    /// How often a stream calls its Site grain even when nothing woke it: re-subscribes its observer (a site
    /// re-activated on another silo after its silo died has forgotten it) and reads the outbox as a safety net.
    /// </summary>
    public static readonly TimeSpan FollowRefresh = TimeSpan.FromSeconds(5);

    public Task<SiteSessionStart> ConnectAsync(string siteId, string sessionId, long lastAcknowledged, IReadOnlyList<CellReport> cells) =>
        GrainRetry.OnConflictAsync(() => Site(siteId).ConnectAsync(sessionId, lastAcknowledged, cells));

    public Task DisconnectAsync(string siteId, string sessionId) => GrainRetry.OnConflictAsync(() => Site(siteId).DisconnectAsync(sessionId));

    public Task HeartbeatAsync(string siteId) => GrainRetry.OnConflictAsync(() => Site(siteId).HeartbeatAsync());

    /// <summary>Null when applied, else why not (an ack beyond what was sent).</summary>
    public Task<string?> AcknowledgeAsync(string siteId, long sequence) => GrainRetry.OnConflictAsync(() => Site(siteId).AcknowledgeAsync(sequence));

    /// <summary>The reported cells the site does not have (not applied).</summary>
    public Task<IReadOnlyList<string>> ReportCellsAsync(string siteId, IReadOnlyList<CellReport> cells) => GrainRetry.OnConflictAsync(() => Site(siteId).ReportCellsAsync(cells));

    public Task ReportDesignAsync(string siteId, Designs.SiteDesignStatus status, long agentSequence) =>
        GrainRetry.OnConflictAsync(() => Site(siteId).ApplyDesignAckAsync(status, agentSequence));

    /// <summary>True when the job update was applied (or already had been); see <see cref="ApplyJobAsync"/>.</summary>
    public async Task<bool> ReportJobAsync(string siteId, JobUpdate update, long agentSequence = 0) =>
        await ApplyJobAsync(siteId, update, agentSequence).ConfigureAwait(false) == JobReport.Applied;

    /// <summary>
    /// Applies a job update to the site, then to the order. A resend of an already recorded
    /// <paramref name="agentSequence"/> still goes to the order (which ignores what it has), because a crash may have
    /// come between the two. <see cref="JobReport.UnknownJob"/>: the site never had the job (or it is another site's).
    /// </summary>
    public async Task<JobReport> ApplyJobAsync(string siteId, JobUpdate update, long agentSequence = 0)
    {
        var receipt = await GrainRetry.OnConflictAsync(() => Site(siteId).ApplyJobUpdateAsync(update, agentSequence)).ConfigureAwait(false);
        if (receipt.OrderId is not { } orderId)
        {
            return JobReport.UnknownJob;
        }

        var applied = await GrainRetry.OnConflictAsync(() => grains.GetGrain<IOrderGrain>(orderId).ApplyJobUpdateAsync(siteId, update)).ConfigureAwait(false);
        return applied || receipt.Duplicate ? JobReport.Applied : JobReport.Ignored;
    }

    /// <summary>
    /// Reconciliation after session <paramref name="sessionId"/>'s hello and the jobs it listed were applied: each job
    /// the site holds that the agent acknowledged but no longer reports goes back to its order, which routes it again
    /// (under the attempt limit) and then lets the site forget it. Returns those jobs. Call it only after the hello's
    /// jobs are applied, so a job whose final report the hello carried is never taken for lost.
    /// </summary>
    public async Task<IReadOnlyList<LostJob>> ReconcileAsync(string siteId, string sessionId, IReadOnlyCollection<string> reportedJobIds)
    {
        var lost = await GrainRetry.OnConflictAsync(() => Site(siteId).UnreportedJobsAsync(sessionId, reportedJobIds)).ConfigureAwait(false);
        foreach (var job in lost)
        {
            await GrainRetry.OnConflictAsync(() => grains.GetGrain<IOrderGrain>(job.OrderId).JobLostAsync(siteId, job.JobId, job.Reason)).ConfigureAwait(false);
        }

        return lost;
    }

    /// <summary>
    /// Yields outbox messages beyond <paramref name="afterSequence"/> as they appear, until cancelled or until a newer
    /// session (on any silo) replaces <paramref name="session"/>, which then has <see cref="SiteSessions.Session.Replaced"/>
    /// cancelled. The Site grain wakes this stream through a grain observer wherever the grain lives. A message may be
    /// yielded again after a reconnect until the agent acknowledges it (at-least-once).
    /// </summary>
    public async IAsyncEnumerable<OutboxMessage> FollowAsync(SiteSessions.Session session, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var follower = new SiteLinkFollower(session);
        var observer = grains.CreateObjectReference<ISiteLinkObserver>(follower);
        using var following = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Replaced);
        cancellationToken = following.Token;
        try
        {
            var sent = afterSequence;
            while (!cancellationToken.IsCancellationRequested)
            {
                // Take the wake before reading, so a change between the read and the wait is not missed.
                var changed = follower.NextChange;
                var follow = await GrainRetry.OnConflictAsync(() => Site(session.SiteId).FollowAsync(session.Id, observer, sent), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!follow.Current)
                {
                    session.Replace();
                    yield break;
                }

                foreach (var message in follow.Pending)
                {
                    sent = Math.Max(sent, message.Sequence);
                    yield return message;
                }

                try
                {
                    await changed.WaitAsync(FollowRefresh, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // refresh: subscribe again and read the outbox anyway
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
        finally
        {
            grains.DeleteObjectReference<ISiteLinkObserver>(observer);
        }
    }

    private ISiteGrain Site(string siteId) => grains.GetGrain<ISiteGrain>(siteId);
}

/// <summary>What became of an agent's job update.</summary>
public enum JobReport
{
    /// <summary>Applied now, or already before (a resend).</summary>
    Applied,

    /// <summary>The job is the site's, but its order had moved past it (e.g. a late progress after done).</summary>
    Ignored,

    /// <summary>The site never held the job: an unknown job id, or another site's job.</summary>
    UnknownJob,
}
