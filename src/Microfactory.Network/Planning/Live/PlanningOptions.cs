using System.ComponentModel.DataAnnotations;

namespace Microfactory.Network.Planning.Live;

/// <summary>Defaults for drains (and for rebalance calls that leave a field out).</summary>
public sealed class PlanningOptions : IValidatableObject
{
    public const string Section = "Planning";

    /// <summary>A site giving work keeps at least this utilisation (backlog over a day of capacity).</summary>
    [Range(0, 100)]
    public double BandLow { get; set; } = 0.2;

    /// <summary>A site receiving work ends at most at this utilisation.</summary>
    [Range(0.01, 100)]
    public double BandHigh { get; set; } = 0.9;

    /// <summary>How far from its delivery city an order may be moved.</summary>
    [Range(0, 20_000)]
    public double MaxTransferKm { get; set; } = 100;

    /// <summary>Whether a move may make an on-time order late.</summary>
    public bool MayRiskDueDates { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BandLow > BandHigh)
        {
            yield return new ValidationResult($"Planning:BandLow ({BandLow}) must not exceed Planning:BandHigh ({BandHigh}).", [nameof(BandLow)]);
        }
    }
}
