using System.ComponentModel.DataAnnotations;

namespace Microfactory.Network.Rollouts;

public sealed class RolloutOptions
{
    public const string Section = "Rollouts";

    /// <summary>How often an active rollout (a grain timer) reads site statuses and moves on.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
