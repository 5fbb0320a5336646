namespace Microfactory.Network.Planning;

/// <summary>
/// What to plan: keep every scoped site's utilisation inside [<see cref="BandLow"/>, <see cref="BandHigh"/>] where
/// utilisation = backlog hours / (capacity hours per day x <see cref="Horizon"/> in days), moving orders no further
/// than <see cref="MaxTransferKm"/> from their delivery city, and empty the drained sites.
/// </summary>
public sealed record RebalanceRequest(double BandLow, double BandHigh, double MaxTransferKm, bool MayRiskDueDates)
{
    /// <summary>The cities whose sites take part; null or empty means every city.</summary>
    public IReadOnlyCollection<string>? CityIds { get; init; }

    /// <summary>Sites to empty of queued orders (sites whose status is Draining are drained too).</summary>
    public IReadOnlyCollection<string>? DrainSiteIds { get; init; }

    public TimeSpan Horizon { get; init; } = TimeSpan.FromDays(1);

    public PlanningWeights Weights { get; init; } = PlanningWeights.Default;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is wrong.</summary>
    public void Validate()
    {
        if (!double.IsFinite(BandLow) || BandLow < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BandLow), BandLow, "BandLow must be a finite utilisation >= 0.");
        }

        if (!double.IsFinite(BandHigh) || BandHigh <= 0 || BandHigh < BandLow)
        {
            throw new ArgumentOutOfRangeException(nameof(BandHigh), BandHigh, $"BandHigh must be a finite utilisation > 0 and >= BandLow ({BandLow}).");
        }

        if (!double.IsFinite(MaxTransferKm) || MaxTransferKm < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTransferKm), MaxTransferKm, "MaxTransferKm must be a finite distance >= 0.");
        }

        if (Horizon <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "Horizon must be positive.");
        }

        ArgumentNullException.ThrowIfNull(Weights, nameof(Weights));
        Weights.Validate();
    }
}
