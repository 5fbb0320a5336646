using System.ComponentModel.DataAnnotations;

namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// A demand surge in one city (section "Demo:Surge", or <c>--surge city</c>): from <see cref="At"/> after start,
/// orders delivered to <see cref="City"/> arrive <see cref="Factor"/> times as often.
/// </summary>
public sealed class DemoSurgeOptions
{
    public string? City { get; set; }

    [Range(1.0, 100.0)]
    public double Factor { get; set; } = 6;

    public TimeSpan At { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the demo rebalances the network (plan and apply); zero turns it off.</summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far the demo's rebalancing moves an order from its delivery city.</summary>
    [Range(0.0, 20_000.0)]
    public double MaxTransferKm { get; set; } = 60;

    /// <summary>
    /// The utilisation above which the demo's rebalancing moves queued work away. The demo's load is light (a few orders
    /// a second over 24 sites), far under the production default <c>Planning:BandHigh</c>, so a surge would otherwise be
    /// absorbed by routing alone and the planner would never be seen moving anything.
    /// </summary>
    [Range(0.01, 10.0)]
    public double BandHigh { get; set; } = 0.25;
}
