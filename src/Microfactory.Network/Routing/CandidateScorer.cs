namespace Microfactory.Network.Routing;

/// <summary>
/// The routing score as a pure function, for callers that score a cell outside a routing scan (rebalancing asks
/// "what would this order cost on that cell?"). Same formula, same numbers as <see cref="RoutingIndex.Route"/>.
/// </summary>
public static class CandidateScorer
{
    /// <summary>Calendar hours a cell needs per nominal work hour: it clears factor x hours-per-day work hours a day.</summary>
    public static double CalendarHoursPerWorkHour(double throughputFactor, double hoursPerDay)
    {
        if (!double.IsFinite(throughputFactor) || throughputFactor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(throughputFactor), throughputFactor, "ThroughputFactor must be a finite number > 0.");
        }

        if (!double.IsFinite(hoursPerDay) || hoursPerDay is <= 0 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(hoursPerDay), hoursPerDay, "HoursPerDay must be in (0, 24].");
        }

        return 24.0 / (throughputFactor * hoursPerDay);
    }

    /// <summary>Scores <paramref name="request"/> on a cell with the given backlog and speed at the given distance.</summary>
    public static ScoreComponents Evaluate(
        RoutingWeights weights,
        RoutingRequest request,
        double distanceKm,
        double backlogHours,
        double throughputFactor,
        double hoursPerDay,
        bool designInstalled)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(request);
        var terms = new ScoringTerms(weights, request);
        return terms.Components(
            request.Now,
            distanceKm,
            backlogHours,
            CalendarHoursPerWorkHour(throughputFactor, hoursPerDay),
            designInstalled);
    }

    /// <summary>The total of the weighted terms (lower is better).</summary>
    public static double Total(ScoreComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return components.DistanceCost + components.FinishCost + components.LatenessCost + components.ChangeoverCost + components.SetupChangeCost;
    }
}
