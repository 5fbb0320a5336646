using Microfactory.Network.Routing;

namespace Microfactory.Network.Planning;

/// <summary>
/// The prices of the plan objective (see docs/planning.md). Lateness and distance reuse the routing weights so a
/// late hour or a kilometre costs the same when rebalancing as when routing.
/// </summary>
public sealed record PlanningWeights
{
    /// <summary>Cost per squared utilisation unit above the band's high end, per site.</summary>
    public double PerSquaredExcess { get; init; } = 1000.0;

    /// <summary>Cost of each queued order left on a drained site; large so that draining wins over everything else.</summary>
    public double PerOrderLeftOnDrainedSite { get; init; } = 1_000_000.0;

    /// <summary>Flat cost per move, so that a move that gains nothing is not made.</summary>
    public double PerMove { get; init; } = 0.5;

    /// <summary>PerKm (charged on kilometres added), PerLateHour and PriorityLatenessBase are used.</summary>
    public RoutingWeights Routing { get; init; } = RoutingWeights.Default;

    public static PlanningWeights Default { get; } = new();

    public void Validate()
    {
        Ensure(PerSquaredExcess, nameof(PerSquaredExcess));
        Ensure(PerOrderLeftOnDrainedSite, nameof(PerOrderLeftOnDrainedSite));
        Ensure(PerMove, nameof(PerMove));
        ArgumentNullException.ThrowIfNull(Routing, nameof(Routing));
        Routing.Validate();
    }

    private static void Ensure(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Planning weight {name} must be a finite number >= 0.");
        }
    }
}
