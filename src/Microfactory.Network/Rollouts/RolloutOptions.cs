using System.ComponentModel.DataAnnotations;

namespace Microfactory.Network.Rollouts;

public sealed class RolloutOptions
{
    public const string Section = "Rollouts";

    /// <summary>How often running rollouts read site statuses and move on.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the store is scanned for rollouts this node does not know yet (created on another node, whose node died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DiscoverInterval { get; set; } = TimeSpan.FromMinutes(1);
}
