using Orleans;

namespace Microfactory.Network.Sites;

/// <summary>
/// A remote operator's confirmation that a cell waiting for its operator is clear, queued in the site's outbox for its
/// agent, which opens the cell's operator gate exactly as a confirmation on site would.
/// </summary>
/// <param name="Sequence">The outbox sequence that carries it to the agent.</param>
[GenerateSerializer]
[Immutable]
public sealed record OperatorConfirmation(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string SiteId,
    [property: Id(2)] string CellId,
    [property: Id(3)] string ConfirmedBy,
    [property: Id(4)] string? Note,
    [property: Id(5)] DateTimeOffset ConfirmedAt);
