using Microfactory.Network.Cells;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Sites;

/// <summary>What a planner sends to register (or re-register) a site.</summary>
public sealed record SiteRegistration(string? Name, string? CityId, double? Latitude, double? Longitude, IReadOnlyList<CellDefinition>? Cells);

/// <summary>A site as the API shows it.</summary>
public sealed record SiteView(
    string Id,
    string Name,
    string CityId,
    GeoPoint Location,
    SiteStatus Status,
    bool Draining,
    bool Connected,
    DateTimeOffset? LastSeen,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<CellView> Cells,
    double CapacityHoursPerDay,
    double BacklogHours,
    int QueuedJobs,
    int RunningJobs,
    long Version)
{
    public IEnumerable<string> Capabilities => Cells.SelectMany(c => c.Capabilities).Distinct();
}

/// <summary>What the orchestrator asks a site to make: one order on one cell.</summary>
public sealed record JobAssignment(
    string JobId,
    string OrderId,
    string CellId,
    string Design,
    int Quantity,
    double LoadHours,
    DateTimeOffset DueAt,
    OrderPriority Priority,
    string? TraceParent);

public enum AssignOutcome
{
    Accepted,
    Rejected,
}

public sealed record AssignResult(AssignOutcome Outcome, string? Reason, double CellBacklogHours);

public enum OutboxKind
{
    Assign,
    Cancel,

    /// <summary>A design instruction (install or roll back); <see cref="OutboxMessage.Design"/> carries it.</summary>
    Design,
}

/// <summary>
/// One message for the site's agent, numbered per site. Delivery is at-least-once: messages stay until the agent
/// acknowledges their sequence, and the agent de-duplicates by job id.
/// </summary>
public sealed record OutboxMessage(long Sequence, OutboxKind Kind, string JobId, JobAssignment? Assignment, string? Reason)
{
    /// <summary>For <see cref="OutboxKind.Design"/>: what the site is asked to do.</summary>
    public Designs.DesignInstruction? Design { get; init; }
}

public enum JobUpdateKind
{
    Accepted,
    Started,
    Progress,
    Done,
    Failed,

    /// <summary>The agent refused the job before starting it (unknown cell, missing capability or design).</summary>
    Rejected,

    /// <summary>The job ended after a cancellation.</summary>
    Cancelled,
}

/// <summary>What an agent reports about one job.</summary>
public sealed record JobUpdate(string JobId, JobUpdateKind Kind, int Good, int Scrap, string? Reason, DateTimeOffset At);

/// <summary>What an agent reports about one cell's machine.</summary>
public sealed record CellReport(string CellId, CellState State, IReadOnlyList<string>? InstalledDesigns);

/// <summary>What a site's link needs when its agent says hello.</summary>
/// <param name="ResumeAfter">The agent's acknowledged sequence as recorded: the outbox is re-sent from here + 1.</param>
/// <param name="LastAgentSequence">The last sequenced agent message durably recorded.</param>
public sealed record SiteSessionStart(long ResumeAfter, long LastAgentSequence, IReadOnlyList<OutboxMessage> Pending);

/// <summary>The outcome of an agent's job update at its site.</summary>
/// <param name="OrderId">The order the job belongs to, or null for a job the site never had.</param>
/// <param name="Duplicate">The agent sequence was already recorded (a resend after a lost acknowledgement).</param>
public sealed record JobUpdateReceipt(string? OrderId, bool Duplicate);
