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
public sealed class SiteLink(IGrainFactory grains, SiteSignals signals)
{
    /// <summary>How long the push loop waits for a signal before looking at the outbox anyway.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public Task<SiteSessionStart> ConnectAsync(string siteId, string sessionId, long lastAcknowledged, IReadOnlyList<CellReport> cells) =>
        GrainRetry.OnConflictAsync(() => Site(siteId).ConnectAsync(sessionId, lastAcknowledged, cells));

    public Task DisconnectAsync(string siteId, string sessionId) => GrainRetry.OnConflictAsync(() => Site(siteId).DisconnectAsync(sessionId));

    public Task HeartbeatAsync(string siteId) => GrainRetry.OnConflictAsync(() => Site(siteId).HeartbeatAsync());

    public Task AcknowledgeAsync(string siteId, long sequence) => GrainRetry.OnConflictAsync(() => Site(siteId).AcknowledgeAsync(sequence));

    public Task ReportCellsAsync(string siteId, IReadOnlyList<CellReport> cells) => GrainRetry.OnConflictAsync(() => Site(siteId).ReportCellsAsync(cells));

    public Task ReportDesignAsync(string siteId, Designs.SiteDesignStatus status, long agentSequence) =>
        GrainRetry.OnConflictAsync(() => Site(siteId).ApplyDesignAckAsync(status, agentSequence));

    /// <summary>
    /// Applies a job update to the site, then to the order; false when the site never had the job. A resend of an
    /// already recorded <paramref name="agentSequence"/> still goes to the order (which ignores what it has), because
    /// a crash may have come between the two.
    /// </summary>
    public async Task<bool> ReportJobAsync(string siteId, JobUpdate update, long agentSequence = 0)
    {
        var receipt = await GrainRetry.OnConflictAsync(() => Site(siteId).ApplyJobUpdateAsync(update, agentSequence)).ConfigureAwait(false);
        if (receipt.OrderId is not { } orderId)
        {
            return false;
        }

        var applied = await GrainRetry.OnConflictAsync(() => grains.GetGrain<IOrderGrain>(orderId).ApplyJobUpdateAsync(siteId, update)).ConfigureAwait(false);
        return applied || receipt.Duplicate;
    }

    /// <summary>
    /// Yields outbox messages beyond <paramref name="afterSequence"/> as they appear, until cancelled. A message may be
    /// yielded again after a reconnect until the agent acknowledges it (at-least-once).
    /// </summary>
    public async IAsyncEnumerable<OutboxMessage> FollowAsync(string siteId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = afterSequence;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the signal before reading, so a change between the read and the wait is not missed.
            var changed = signals.WaitAsync(siteId, cancellationToken);
            var pending = await GrainRetry.OnConflictAsync(() => Site(siteId).PendingAsync(sent), cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var message in pending)
            {
                sent = Math.Max(sent, message.Sequence);
                yield return message;
            }

            try
            {
                await changed.WaitAsync(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // poll: another node may have written the site's outbox
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private ISiteGrain Site(string siteId) => grains.GetGrain<ISiteGrain>(siteId);
}
