namespace Microfactory.Network.Designs;

/// <summary>What a planner sends to register a design version.</summary>
public sealed record DesignDefinition(
    IReadOnlyList<string>? Capabilities,
    TimeSpan? CycleTimePerPart,
    TimeSpan? Changeover,
    string? Notes);
