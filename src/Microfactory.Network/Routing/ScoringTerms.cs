namespace Microfactory.Network.Routing;

/// <summary>
/// The per-request constants of the score, computed once per order so the scan over cells only multiplies and
/// adds. The hot loop and <see cref="CandidateScorer.Evaluate"/> both go through <see cref="Score"/>, so the
/// ranking and the explanation can never disagree.
/// </summary>
internal readonly struct ScoringTerms
{
    private readonly double _perKm;
    private readonly double _perFinishHour;
    private readonly double _perLateHour;
    private readonly double _changeoverPenalty;
    private readonly double _hoursUntilDue;
    private readonly double _setupChangeCost;

    public ScoringTerms(RoutingWeights weights, RoutingRequest request)
    {
        _perKm = weights.PerKm;
        _perFinishHour = weights.PerFinishHour;
        _perLateHour = weights.PerLateHour * weights.LatenessMultiplier(request.Priority);
        _changeoverPenalty = weights.ChangeoverPenalty;
        _hoursUntilDue = (request.DueAt - request.Now).TotalHours;
        _setupChangeCost = weights.PerSetupChangeHour * request.ChangeoverHours;
        WorkHours = request.WorkHours;
        ChangeoverHours = request.ChangeoverHours;
    }

    public double WorkHours { get; }

    public double ChangeoverHours { get; }

    public double LoadHours(bool designInstalled) => designInstalled ? WorkHours : WorkHours + ChangeoverHours;

    public double Score(
        double distanceKm,
        double backlogHours,
        double calendarHoursPerWorkHour,
        bool designInstalled,
        out double finishHours,
        out double lateHours,
        bool setupChange = false)
    {
        finishHours = (backlogHours + LoadHours(designInstalled)) * calendarHoursPerWorkHour;
        lateHours = Math.Max(0.0, finishHours - _hoursUntilDue);
        return (distanceKm * _perKm)
            + (finishHours * _perFinishHour)
            + (lateHours * _perLateHour)
            + (designInstalled ? 0.0 : _changeoverPenalty)
            + (setupChange ? _setupChangeCost : 0.0);
    }

    public ScoreComponents Components(
        DateTimeOffset now,
        double distanceKm,
        double backlogHours,
        double calendarHoursPerWorkHour,
        bool designInstalled,
        bool setupChange = false)
    {
        Score(distanceKm, backlogHours, calendarHoursPerWorkHour, designInstalled, out var finishHours, out var lateHours, setupChange);
        return new ScoreComponents(
            DistanceKm: distanceKm,
            DistanceCost: distanceKm * _perKm,
            BacklogHours: backlogHours,
            LoadHours: LoadHours(designInstalled),
            FinishHours: finishHours,
            ExpectedFinish: now + TimeSpan.FromHours(finishHours),
            FinishCost: finishHours * _perFinishHour,
            LateHours: lateHours,
            LatenessCost: lateHours * _perLateHour,
            ChangeoverRequired: !designInstalled,
            ChangeoverHours: designInstalled ? 0.0 : ChangeoverHours,
            ChangeoverCost: designInstalled ? 0.0 : _changeoverPenalty)
        {
            SetupChange = setupChange,
            SetupChangeCost = setupChange ? _setupChangeCost : 0.0,
        };
    }
}
