namespace Microfactory.Network.Rollouts;

/// <summary>A rollout's durable state: one JSON document, written before every instruction it leads to.</summary>
public sealed class RolloutState
{
    public string Id { get; set; } = "";

    public string Design { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public long SizeBytes { get; set; }

    public List<string> Capabilities { get; set; } = [];

    /// <summary>The request as first accepted, so a re-sent create can be told apart from a different one.</summary>
    public string Fingerprint { get; set; } = "";

    public RolloutPhase Phase { get; set; }

    public string? Reason { get; set; }

    public int CurrentWave { get; set; }

    public int SuccessThresholdPercent { get; set; }

    public int ErrorThreshold { get; set; }

    public TimeSpan? WaveTimeout { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<WaveState> Waves { get; set; } = [];

    /// <summary>Every target site, ordered by wave then site id.</summary>
    public List<RolloutSite> Sites { get; set; } = [];
}

public sealed class WaveState
{
    public string Name { get; set; } = "";

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? SucceededAt { get; set; }
}
