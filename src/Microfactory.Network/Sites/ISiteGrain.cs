using Microfactory.Grains;

namespace Microfactory.Network.Sites;

/// <summary>
/// One factory (keyed by site id): its registration, status, cells' summaries, active jobs and the numbered
/// outbox of messages for its agent. Called by Orders and by the agent link; calls only its Cells (and its City one way).
/// </summary>
[GrainType("site")]
public interface ISiteGrain : IGrainWithStringKey
{
    Task<SiteView> RegisterAsync(SiteRegistration registration);

    Task<SiteView?> GetAsync();

    /// <summary>Puts a job on a cell and in the outbox. Idempotent by job id; refused when draining or the cell cannot take it.</summary>
    Task<AssignResult> AssignJobAsync(JobAssignment assignment);

    /// <summary>Tells the agent to cancel the job (if it is still active here); true when a cancellation was queued.</summary>
    Task<bool> CancelJobAsync(string jobId, string reason);

    Task<SiteView> SetDrainingAsync(bool draining);

    /// <summary>The agent is connected: returns everything the outbox holds beyond the agent's last acknowledged sequence.</summary>
    Task<IReadOnlyList<OutboxMessage>> ConnectAsync(long lastAcknowledged, IReadOnlyList<CellReport> cells);

    Task DisconnectAsync();

    /// <summary>Outbox messages after <paramref name="afterSequence"/>, for the link that pushes them.</summary>
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(long afterSequence);

    /// <summary>The agent has everything up to <paramref name="sequence"/>; those messages leave the outbox.</summary>
    Task AcknowledgeAsync(long sequence);

    /// <summary>Applies an agent's job update to the cell; returns the order id the job belongs to, or null for an unknown job.</summary>
    Task<string?> ApplyJobUpdateAsync(JobUpdate update);

    Task ReportCellsAsync(IReadOnlyList<CellReport> cells);
}
