using System.ComponentModel.DataAnnotations;

namespace Microfactory.Network.Routing;

/// <summary>How the routing index scores and how much of each decision it keeps for explanations.</summary>
public sealed record RoutingOptions
{
    public RoutingWeights Weights { get; init; } = RoutingWeights.Default;

    /// <summary>How many best candidates a decision keeps, with their score components.</summary>
    [Range(1, 100)]
    public int CandidatesKept { get; init; } = 5;

    /// <summary>
    /// How often a placement re-routes when a concurrent placement filled the chosen cell between
    /// scoring and reserving.
    /// </summary>
    [Range(1, 100)]
    public int PlacementAttempts { get; init; } = 4;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Weights);
        Weights.Validate();
        if (CandidatesKept is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(CandidatesKept), CandidatesKept, "CandidatesKept must be between 1 and 100.");
        }

        if (PlacementAttempts is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(PlacementAttempts), PlacementAttempts, "PlacementAttempts must be between 1 and 100.");
        }
    }
}
