using System.ComponentModel.DataAnnotations;
using Orleans;

namespace Microfactory.Network.Routing;

/// <summary>
/// The score of a candidate is the sum of these weighted terms; lower is better. The defaults price a score
/// unit as one hour of finish time: 50 km of distance cost as much as finishing one hour later, and one hour
/// late against the due date as much as ten. Bind from configuration (e.g. "Routing:Weights").
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record RoutingWeights
{
    /// <summary>Score per kilometre from the site to the delivery city.</summary>
    [Range(0, double.MaxValue)]
    [Id(0)]
    public double PerKm { get; init; } = 0.02;

    /// <summary>Score per calendar hour from now until the expected finish.</summary>
    [Range(0, double.MaxValue)]
    [Id(1)]
    public double PerFinishHour { get; init; } = 1.0;

    /// <summary>Score per calendar hour the expected finish falls after the due date (scaled by priority).</summary>
    [Range(0, double.MaxValue)]
    [Id(2)]
    public double PerLateHour { get; init; } = 10.0;

    /// <summary>Flat score added when the design must be installed first (on top of the changeover hours' delay).</summary>
    [Range(0, double.MaxValue)]
    [Id(3)]
    public double ChangeoverPenalty { get; init; } = 2.0;

    /// <summary>Lateness multiplier per priority step: Low = 1/base, Normal = 1, High = base, Urgent = base squared.</summary>
    [Range(1, double.MaxValue)]
    [Id(4)]
    public double PriorityLatenessBase { get; init; } = 2.0;

    /// <summary>
    /// Score per changeover hour when a cell has the design but is set up for another design or other changeover
    /// parameter values (its last queued job's setup): prefers a cell already set up for the order. The lateness term
    /// outweighs it at the defaults, so the preference holds only while the order stays within its due date. 0 turns it off.
    /// </summary>
    [Range(0, double.MaxValue)]
    [Id(5)]
    public double PerSetupChangeHour { get; init; } = 1.0;

    public static RoutingWeights Default { get; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first weight that is negative or not finite.</summary>
    public void Validate()
    {
        Ensure(PerKm, nameof(PerKm), 0);
        Ensure(PerFinishHour, nameof(PerFinishHour), 0);
        Ensure(PerLateHour, nameof(PerLateHour), 0);
        Ensure(ChangeoverPenalty, nameof(ChangeoverPenalty), 0);
        Ensure(PriorityLatenessBase, nameof(PriorityLatenessBase), 1);
        Ensure(PerSetupChangeHour, nameof(PerSetupChangeHour), 0);
    }

    public double LatenessMultiplier(OrderPriority priority) => Math.Pow(PriorityLatenessBase, (int)priority);

    private static void Ensure(double value, string name, double minimum)
    {
        if (!double.IsFinite(value) || value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Routing weight {name} must be a finite number >= {minimum}.");
        }
    }
}
