using Orleans;
using Microfactory.Network.Cells;
using Microfactory.Network.Designs;

namespace Microfactory.Network.Sites;

/// <summary>
/// One factory (keyed by site id): its registration, status, cells' summaries, active jobs and the numbered
/// outbox of messages for its agent. Called by Orders and by the agent link; calls only its Cells (and its City one way).
/// </summary>
[Alias("site")]
public interface ISiteGrain : IGrainWithStringKey
{
    Task<SiteView> RegisterAsync(SiteRegistration registration);

    Task<SiteView?> GetAsync();

    /// <summary>Puts a job on a cell and in the outbox. Idempotent by job id; refused when draining or the cell cannot take it.</summary>
    Task<AssignResult> AssignJobAsync(JobAssignment assignment);

    /// <summary>The jobs the site holds (queued or running), as assigned: due dates and priorities for planning.</summary>
    Task<IReadOnlyList<JobAssignment>> ActiveJobsAsync();

    /// <summary>Tells the agent to cancel the job (if it is still active here); true when a cancellation was queued.</summary>
    Task<bool> CancelJobAsync(string jobId, string reason);

    Task<SiteView> SetDrainingAsync(bool draining);

    /// <summary>
    /// An agent session opened: the site is connected under <paramref name="sessionId"/> (a newer session replaces an
    /// older one), and gets where to resume in both directions and what the outbox holds beyond its acknowledgement.
    /// </summary>
    Task<SiteSessionStart> ConnectAsync(string sessionId, long lastAcknowledged, IReadOnlyList<CellReport> cells);

    /// <summary>
    /// After session <paramref name="sessionId"/>'s hello was applied: the jobs the site holds that the agent acknowledged
    /// but did not report (<paramref name="reportedJobIds"/>), which it no longer has. Jobs still in the outbox are not
    /// listed (they are sent again); a replaced session gets none (the newer hello judges). Changes nothing.
    /// </summary>
    Task<IReadOnlyList<LostJob>> UnreportedJobsAsync(string sessionId, IReadOnlyCollection<string> reportedJobIds);

    /// <summary>
    /// Lets a job its agent lost go (its order, which calls this, has routed it again): it leaves the cell's queue and
    /// later reports about it still reach the order. False when the site no longer holds it (idempotent).
    /// </summary>
    Task<bool> ForgetLostJobAsync(string jobId, string reason);

    /// <summary>The session ended: the site is disconnected (no new work) until a new Connect. Ignored when a newer session has replaced it.</summary>
    Task DisconnectAsync(string sessionId);

    /// <summary>
    /// The stream of session <paramref name="sessionId"/> (on any silo) follows the outbox: <paramref name="observer"/> is
    /// woken when a message is added, and told to end when a newer session replaces it. Returns the messages after
    /// <paramref name="afterSequence"/>, or not current when the session was replaced or ended. Repeat within
    /// <see cref="Link.SiteLink.FollowRefresh"/>: a re-activated site has forgotten its observer, and a session that does
    /// not follow (nor heartbeat) within <see cref="NetworkOptions.SessionExpiry"/> counts as disconnected.
    /// </summary>
    Task<SiteFollow> FollowAsync(string sessionId, Link.ISiteLinkObserver observer, long afterSequence);

    /// <summary>
    /// The site's credentials were revoked: the current session's stream (on any silo) is told to end with
    /// <paramref name="reason"/>, now or, if it has not yet followed the outbox, at its first follow call.
    /// </summary>
    Task EndSessionAsync(string reason);

    /// <summary>Outbox messages after <paramref name="afterSequence"/>, for the link that pushes them.</summary>
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(long afterSequence);

    /// <summary>
    /// The agent has everything up to <paramref name="sequence"/>; those messages leave the outbox. An ack beyond the
    /// last message sent is not applied (it would skip messages not yet written): the reason comes back, else null.
    /// </summary>
    Task<string?> AcknowledgeAsync(long sequence);

    /// <summary>
    /// Applies an agent's job update to the cell, recording <paramref name="agentSequence"/> (0: unsequenced) so a
    /// resend is recognised. Also answers for recently finished or withdrawn jobs, so a resend still reaches the order.
    /// </summary>
    Task<JobUpdateReceipt> ApplyJobUpdateAsync(JobUpdate update, long agentSequence);

    /// <summary>
    /// Takes a queued, not started, job back (it is moving to another site) and tells the agent to drop it.
    /// True when the job is withdrawn (now or before); false when it has started, finished, or never was here.
    /// </summary>
    Task<bool> WithdrawJobAsync(string jobId, string reason);

    /// <summary>
    /// The site's own liveness check, which its timer (and, after a silo died, its reminder) runs: a site whose agent
    /// has been silent past lost_after is marked lost and each of its queued, not started, orders is told (one way) to
    /// move elsewhere; a lost site still holding queued orders tells them again. Returns the orders it told.
    /// </summary>
    Task<IReadOnlyList<string>> CheckLivenessAsync();

    /// <summary>
    /// Activates the site, which then watches its own liveness (after a restart, nothing else would), and has it share
    /// its view again: a silo that loaded it from the store counts it disconnected until it hears from the grain.
    /// </summary>
    Task WakeAsync();

    /// <summary>The agent is alive (heartbeat), and so is its session; stored only now and then, so heartbeats cost no write each.</summary>
    Task HeartbeatAsync();

    /// <summary>Applies the reports of the site's cells; returns the ids of reported cells the site does not have (not applied).</summary>
    Task<IReadOnlyList<string>> ReportCellsAsync(IReadOnlyList<CellReport> cells);

    /// <summary>Queues a design instruction for the agent; idempotent by (rollout, design, action). True when newly queued.</summary>
    Task<bool> SendDesignAsync(DesignInstruction instruction);

    /// <summary>The site's latest status for a design key, or null when it has never heard of it.</summary>
    Task<SiteDesignStatus?> DesignStatusAsync(string design);

    /// <summary>Records an agent's DesignInstallAck; <paramref name="agentSequence"/> (0: unsequenced) recognises resends.</summary>
    Task ApplyDesignAckAsync(SiteDesignStatus status, long agentSequence);

    /// <summary>
    /// Queues a remote operator's confirmation for a cell waiting for its operator; the agent opens the cell's gate.
    /// Asked again before the agent answered, it returns the confirmation already queued. Throws when the cell is unknown
    /// or not waiting.
    /// </summary>
    Task<OperatorConfirmation> ConfirmOperatorAsync(string cellId, string confirmedBy, string? note);

    /// <summary>Plans (or replaces) a cell's maintenance window and logs it; <paramref name="from"/> null means now.</summary>
    Task<CellView> SetMaintenanceAsync(string cellId, DateTimeOffset? from, DateTimeOffset until, string reason, string by);

    /// <summary>Clears a cell's maintenance window (logged); clearing a cell without one changes nothing.</summary>
    Task<CellView> ClearMaintenanceAsync(string cellId, string by);

    /// <summary>Adds an entry to a cell's maintenance log.</summary>
    Task<MaintenanceLogEntry> RecordMaintenanceAsync(string cellId, MaintenanceRecord record, string by);

    /// <summary>A cell's maintenance log, oldest first.</summary>
    Task<IReadOnlyList<MaintenanceLogEntry>> MaintenanceLogAsync(string cellId);
}
