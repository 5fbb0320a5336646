using Orleans;
using Orleans.Concurrency;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;

namespace Microfactory.Network.Orders;

/// <summary>One order (keyed by order id): its lifecycle, routing decision and assignment. Calls Sites, never the reverse.</summary>
[Alias("order")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts the order once: the same request again returns the same order (and continues it if a crash stopped
    /// it midway); a different request under the same id is refused.
    /// </summary>
    Task<OrderSubmitted> SubmitAsync(OrderSubmission submission, string requestFingerprint, string? traceParent);

    Task<OrderView?> GetAsync();

    Task<RoutingDecision?> ExplainAsync();

    Task<OrderView> CancelAsync(string reason);

    /// <summary>Continues an order stopped between steps (after a crash or restart); a no-op for settled orders.</summary>
    Task<OrderView?> ResumeAsync();

    /// <summary>Routes an unroutable order again (a capable site may have appeared).</summary>
    Task<OrderView?> RetryRoutingAsync();

    /// <summary>
    /// Moves a queued, not started, order off its site (lost site, rebalancing): the site withdraws the job, then the
    /// order is routed again without that site. False when the job has started (it stays) or the order is elsewhere.
    /// </summary>
    Task<bool> MoveOffSiteAsync(string reason);

    /// <summary>
    /// A lost site tells its queued orders, one way, to move off it (see <see cref="MoveOffSiteAsync"/>); an order
    /// that is no longer queued at <paramref name="siteId"/> stays where it is.
    /// </summary>
    [OneWay]
    Task LeaveLostSiteAsync(string siteId, string reason);

    /// <summary>
    /// Moves a queued, not started, order to one cell of another site, as a plan decided: only if it is still job
    /// <see cref="OrderMove.FromJobId"/> at <see cref="OrderMove.FromSiteId"/> and not started there (the site
    /// decides that race in its own turn). The move is stored before each step, so a crash midway is finished by
    /// <see cref="ResumeAsync"/> or by the same move again; the same plan never moves an order twice.
    /// </summary>
    Task<MoveResult> MoveToAsync(OrderMove move);

    /// <summary>
    /// The site's agent no longer holds this order's job <paramref name="jobId"/> (reconciliation from its hello): the
    /// attempt fails with <paramref name="reason"/> and the order is routed again under the attempt limit; then the site
    /// lets the job go. True when it was the order's current job; a stale or repeated report only lets the site's job go.
    /// </summary>
    Task<bool> JobLostAsync(string siteId, string jobId, string reason);

    /// <summary>Applies an agent's report on this order's job; stale reports (other site or attempt) are ignored.</summary>
    Task<bool> ApplyJobUpdateAsync(string siteId, JobUpdate update);
}
