using Orleans;

namespace Microfactory.Network.Rollouts;

/// <summary>A rollout's durable state: one JSON document, written before every instruction it leads to.</summary>
[GenerateSerializer]
public sealed class RolloutState
{
    [Id(0)]
    public string Id { get; set; } = "";

    [Id(1)]
    public string Design { get; set; } = "";

    [Id(2)]
    public string Sha256 { get; set; } = "";

    [Id(3)]
    public long SizeBytes { get; set; }

    [Id(4)]
    public List<string> Capabilities { get; set; } = [];

    /// <summary>The request as first accepted, so a re-sent create can be told apart from a different one.</summary>
    [Id(5)]
    public string Fingerprint { get; set; } = "";

    [Id(6)]
    public RolloutPhase Phase { get; set; }

    [Id(7)]
    public string? Reason { get; set; }

    [Id(8)]
    public int CurrentWave { get; set; }

    [Id(9)]
    public int SuccessThresholdPercent { get; set; }

    [Id(10)]
    public int ErrorThreshold { get; set; }

    [Id(11)]
    public TimeSpan? WaveTimeout { get; set; }

    [Id(12)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(13)]
    public DateTimeOffset UpdatedAt { get; set; }

    [Id(14)]
    public List<WaveState> Waves { get; set; } = [];

    /// <summary>Every target site, ordered by wave then site id.</summary>
    [Id(15)]
    public List<RolloutSite> Sites { get; set; } = [];
}

[GenerateSerializer]
public sealed class WaveState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public DateTimeOffset? StartedAt { get; set; }

    [Id(2)]
    public DateTimeOffset? SucceededAt { get; set; }
}
