using Microfactory.Network.Cells;
using Microfactory.Network.Routing;
using Orleans;

namespace Microfactory.Network.Sites;

/// <summary>What a planner sends to register (or re-register) a site.</summary>
[GenerateSerializer]
[Immutable]
public sealed record SiteRegistration([property: Id(0)] string? Name, [property: Id(1)] string? CityId, [property: Id(2)] double? Latitude, [property: Id(3)] double? Longitude, [property: Id(4)] IReadOnlyList<CellDefinition>? Cells);

/// <summary>A site as the API shows it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record SiteView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string CityId,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] SiteStatus Status,
    [property: Id(5)] bool Draining,
    [property: Id(6)] bool Connected,
    [property: Id(7)] DateTimeOffset? LastSeen,
    [property: Id(8)] DateTimeOffset RegisteredAt,
    [property: Id(9)] IReadOnlyList<CellView> Cells,
    [property: Id(10)] double CapacityHoursPerDay,
    [property: Id(11)] double BacklogHours,
    [property: Id(12)] int QueuedJobs,
    [property: Id(13)] int RunningJobs,
    [property: Id(14)] long Version)
{
    /// <summary>Since when the site's agent is not connected; null while it is (and if it never connected: then <see cref="LastSeen"/> is null).</summary>
    [Id(15)]
    public DateTimeOffset? DisconnectedSince { get; init; }

    /// <summary>
    /// Where the agent's last hello disagreed with this definition (a cell it does not list, one the definition lacks,
    /// other capabilities): the definition is what routing uses. Empty when they agree or no agent has said hello.
    /// </summary>
    [Id(16)]
    public IReadOnlyList<string> AgentMismatches { get; init; } = [];

    public IEnumerable<string> Capabilities => Cells.SelectMany(c => c.Capabilities).Distinct();
}

/// <summary>What the orchestrator asks a site to make: one order on one cell.</summary>
[GenerateSerializer]
[Immutable]
public sealed record JobAssignment(
    [property: Id(0)] string JobId,
    [property: Id(1)] string OrderId,
    [property: Id(2)] string CellId,
    [property: Id(3)] string Design,
    [property: Id(4)] int Quantity,
    [property: Id(5)] double LoadHours,
    [property: Id(6)] DateTimeOffset DueAt,
    [property: Id(7)] OrderPriority Priority,
    [property: Id(8)] string? TraceParent)
{
    /// <summary>The order's parameter values, by name, each with the design's unit (none when the design declares none).</summary>
    [Id(9)]
    public IReadOnlyList<Designs.JobParameter> Parameters { get; init; } = [];

    /// <summary>What the cell is set up for after this job (design and changeover parameter values), for routing.</summary>
    [Id(10)]
    public string? SetupKey { get; init; }
}

public enum AssignOutcome
{
    Accepted,
    Rejected,
}

[GenerateSerializer]
[Immutable]
public sealed record AssignResult([property: Id(0)] AssignOutcome Outcome, [property: Id(1)] string? Reason, [property: Id(2)] double CellBacklogHours);

public enum OutboxKind
{
    Assign,
    Cancel,

    /// <summary>A design instruction (install or roll back); <see cref="OutboxMessage.Design"/> carries it.</summary>
    Design,

    /// <summary>A remote operator's confirmation; <see cref="OutboxMessage.Confirmation"/> carries it.</summary>
    OperatorConfirmation,
}

/// <summary>
/// One message for the site's agent, numbered per site. Delivery is at-least-once: messages stay until the agent
/// acknowledges their sequence, and the agent de-duplicates by job id.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record OutboxMessage([property: Id(0)] long Sequence, [property: Id(1)] OutboxKind Kind, [property: Id(2)] string JobId, [property: Id(3)] JobAssignment? Assignment, [property: Id(4)] string? Reason)
{
    /// <summary>For <see cref="OutboxKind.Design"/>: what the site is asked to do.</summary>
    [Id(5)]
    public Designs.DesignInstruction? Design { get; init; }

    /// <summary>For <see cref="OutboxKind.OperatorConfirmation"/>: which cell's gate opens, and who said so.</summary>
    [Id(6)]
    public OperatorConfirmation? Confirmation { get; init; }
    /// <summary>For a job's messages: the order it serves (so a cancellation names it too).</summary>
    [Id(10)]
    public string? OrderId { get; init; }
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
[GenerateSerializer]
[Immutable]
public sealed record JobUpdate([property: Id(0)] string JobId, [property: Id(1)] JobUpdateKind Kind, [property: Id(2)] int Good, [property: Id(3)] int Scrap, [property: Id(4)] string? Reason, [property: Id(5)] DateTimeOffset At)
{
    /// <summary>The machine's own energy reading for the job so far (kWh), when it reports one.</summary>
    [Id(6)]
    public double? EnergyKwh { get; init; }
}

/// <summary>What an agent reports about one cell's machine.</summary>
[GenerateSerializer]
[Immutable]
public sealed record CellReport([property: Id(0)] string CellId, [property: Id(1)] CellState State, [property: Id(2)] IReadOnlyList<string>? InstalledDesigns)
{
    /// <summary>Whether the cell waits for its operator; null when the report does not say (an agent's hello).</summary>
    [Id(3)]
    public bool? AwaitingOperator { get; init; }

    /// <summary>The capabilities the agent says the cell has (its hello); null when the report does not say (a capacity report).</summary>
    [Id(4)]
    public IReadOnlyList<string>? Capabilities { get; init; }
}

/// <summary>What a site's link needs when its agent says hello.</summary>
/// <param name="ResumeAfter">The agent's acknowledged sequence as recorded: the outbox is re-sent from here + 1.</param>
/// <param name="LastAgentSequence">The last sequenced agent message durably recorded.</param>
[GenerateSerializer]
[Immutable]
public sealed record SiteSessionStart([property: Id(0)] long ResumeAfter, [property: Id(1)] long LastAgentSequence, [property: Id(2)] IReadOnlyList<OutboxMessage> Pending)
{
    /// <summary>Where the hello disagreed with the site's record (its cells as defined, the sequences sent), each a sentence for the agent and planners.</summary>
    [Id(3)]
    public IReadOnlyList<string> Disagreements { get; init; } = [];
}

/// <summary>A job the site holds, acknowledged by its agent, that the agent's hello no longer lists; <paramref name="Reason"/> says so for the order's history.</summary>
[GenerateSerializer]
[Immutable]
public sealed record LostJob([property: Id(0)] string JobId, [property: Id(1)] string OrderId, [property: Id(2)] string Reason);

/// <summary>What a stream's follow call learns: whether its session is still the site's current one, and the outbox beyond where it was.</summary>
[GenerateSerializer]
[Immutable]
public sealed record SiteFollow([property: Id(0)] bool Current, [property: Id(1)] IReadOnlyList<OutboxMessage> Pending);

/// <summary>The outcome of an agent's job update at its site.</summary>
/// <param name="OrderId">The order the job belongs to, or null for a job the site never had.</param>
/// <param name="Duplicate">The agent sequence was already recorded (a resend after a lost acknowledgement).</param>
[GenerateSerializer]
[Immutable]
public sealed record JobUpdateReceipt([property: Id(0)] string? OrderId, [property: Id(1)] bool Duplicate);
