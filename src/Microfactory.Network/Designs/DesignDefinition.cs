using Orleans;

namespace Microfactory.Network.Designs;

/// <summary>What a planner sends to register a design version.</summary>
[GenerateSerializer]
[Immutable]
public sealed record DesignDefinition(
    [property: Id(0)] IReadOnlyList<string>? Capabilities,
    [property: Id(1)] TimeSpan? CycleTimePerPart,
    [property: Id(2)] TimeSpan? Changeover,
    [property: Id(3)] string? Notes)
{
    /// <summary>What each order may vary (see <see cref="DesignParameter"/>); none: every order is the same part.</summary>
    [Id(4)]
    public IReadOnlyList<DesignParameter>? Parameters { get; init; }

    /// <summary>Electricity one part takes on the machine, for the energy KPI when the machine reports no reading of its own.</summary>
    [Id(5)]
    public double? EnergyKwhPerPart { get; init; }
}
