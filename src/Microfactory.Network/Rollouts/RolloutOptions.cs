using System.ComponentModel.DataAnnotations;

namespace Microfactory.Network.Rollouts;

public sealed class RolloutOptions
{
    public const string Section = "Rollouts";

    /// <summary>How often running rollouts read site statuses and move on.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
