namespace Microfactory.Network.Routing;

/// <summary>
/// Every input and weighted term behind one candidate's score, so an explanation can show why it ranked where it did.
/// <c>Score = DistanceCost + FinishCost + LatenessCost + ChangeoverCost</c>.
/// </summary>
/// <param name="BacklogHours">The cell's backlog (work hours) when it was scored.</param>
/// <param name="LoadHours">What the order adds to the backlog: work plus changeover when the design is missing.</param>
/// <param name="FinishHours">Calendar hours from now until the order is expected to be done on this cell.</param>
/// <param name="LateHours">Calendar hours the expected finish falls after the due date (0 when on time).</param>
public sealed record ScoreComponents(
    double DistanceKm,
    double DistanceCost,
    double BacklogHours,
    double LoadHours,
    double FinishHours,
    DateTimeOffset ExpectedFinish,
    double FinishCost,
    double LateHours,
    double LatenessCost,
    bool ChangeoverRequired,
    double ChangeoverHours,
    double ChangeoverCost);
