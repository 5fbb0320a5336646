namespace Microfactory.SiteAgent.Drivers;

/// <summary>How a job ended.</summary>
public enum JobOutcome
{
    /// <summary>Every part attempted: good + scrap = quantity.</summary>
    Completed,

    /// <summary>Stopped on a fault after it started; the counts are what was made.</summary>
    Failed,

    /// <summary>Stopped by cancellation at a part boundary; the counts are what was made.</summary>
    Cancelled,

    /// <summary>Refused before anything was made (design missing, hash mismatch); safe to route elsewhere.</summary>
    Rejected,
}

/// <summary>The final state of a job on a cell.</summary>
/// <param name="Reason">Why it failed, was cancelled or rejected; null when it completed.</param>
public sealed record JobResult(
    string JobId,
    JobOutcome Outcome,
    int Good,
    int Scrap,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? Reason = null)
{
    /// <summary>Energy the machine metered for this run (kWh), when it reports one; null otherwise.</summary>
    public double? EnergyKwh { get; init; }
}
