using Orleans;

namespace Microfactory.Network.Designs;

/// <summary>What a planner sends to register a design version.</summary>
[GenerateSerializer]
public sealed record DesignDefinition(
    [property: Id(0)] IReadOnlyList<string>? Capabilities,
    [property: Id(1)] TimeSpan? CycleTimePerPart,
    [property: Id(2)] TimeSpan? Changeover,
    [property: Id(3)] string? Notes);
