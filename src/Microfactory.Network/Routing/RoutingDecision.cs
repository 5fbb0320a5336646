using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Orleans;

namespace Microfactory.Network.Routing;

/// <summary>
/// The outcome of routing one order, kept in the order's state so that the API can answer "why did my order go
/// there?" long after. A plain record: it round-trips through System.Text.Json.
/// </summary>
/// <param name="Chosen">The winning candidate, or null when the order is unroutable.</param>
/// <param name="UnroutableReason">Why no cell could take the order, or null when it was routed.</param>
/// <param name="CellsEvaluated">Cells in the network when the order was routed.</param>
/// <param name="CandidateCount">Cells that passed every check and were scored.</param>
/// <param name="TopCandidates">The best few candidates, best first (the chosen one included).</param>
[GenerateSerializer]
[Immutable]
public sealed record RoutingDecision(
    [property: Id(0)] string OrderId,
    [property: Id(1)] DateTimeOffset DecidedAt,
    [property: Id(2)] RoutingCandidate? Chosen,
    [property: Id(3)] string? UnroutableReason,
    [property: Id(4)] int CellsEvaluated,
    [property: Id(5)] int CandidateCount,
    [property: Id(6)] IReadOnlyList<RoutingCandidate> TopCandidates,
    [property: Id(7)] CellRejections Rejections,
    [property: Id(8)] RoutingWeights Weights)
{
    /// <summary>
    /// Cells farther away than any that could still beat the kept candidates, so never examined: they are in
    /// neither <see cref="CandidateCount"/> nor <see cref="Rejections"/>. Zero for an unroutable order.
    /// </summary>
    [Id(9)]
    public int CellsNotExamined { get; init; }

    [JsonIgnore]
    public bool IsRouted => Chosen is not null;

    /// <summary>A short human-readable account of the decision, for logs and the API.</summary>
    public string Explain()
    {
        // Cell ids are network-wide and usually already start with their site ("osaka-2/c1"): do not say the site twice.
        static string Where(RoutingCandidate c) =>
            c.CellId.StartsWith(c.SiteId + "/", StringComparison.Ordinal) ? c.CellId : $"{c.SiteId}/{c.CellId}";

        var text = new StringBuilder();
        if (Chosen is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Order {OrderId} is unroutable: {UnroutableReason}.");
            return text.ToString();
        }

        var c = Chosen.Components;
        text.Append(CultureInfo.InvariantCulture,
            $"Order {OrderId} went to {Where(Chosen)} with score {Chosen.Score:0.###}: ");
        text.Append(CultureInfo.InvariantCulture,
            $"{c.DistanceKm:0.#} km ({c.DistanceCost:0.###}), finish in {c.FinishHours:0.#} h ({c.FinishCost:0.###}), ");
        text.Append(CultureInfo.InvariantCulture, $"late {c.LateHours:0.#} h ({c.LatenessCost:0.###}), ");
        text.Append(c.ChangeoverRequired
            ? string.Create(CultureInfo.InvariantCulture, $"changeover {c.ChangeoverHours:0.#} h ({c.ChangeoverCost:0.###})")
            : c.SetupChange
                ? string.Create(CultureInfo.InvariantCulture, $"design installed, set up for another ({c.SetupChangeCost:0.###})")
                : "design installed");
        text.Append(CultureInfo.InvariantCulture,
            $"; best of {CandidateCount} candidates among {CellsEvaluated} cells, {Rejections.Total} rejected");
        if (CellsNotExamined > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {CellsNotExamined} farther cells not examined (none could score better)");
        }

        text.Append('.');
        return text.ToString();
    }
}
