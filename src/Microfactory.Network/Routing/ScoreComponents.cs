using Orleans;

namespace Microfactory.Network.Routing;

/// <summary>
/// Every input and weighted term behind one candidate's score, so an explanation can show why it ranked where it did.
/// <c>Score = DistanceCost + FinishCost + LatenessCost + ChangeoverCost</c>.
/// </summary>
/// <param name="BacklogHours">The cell's backlog (work hours) when it was scored.</param>
/// <param name="LoadHours">What the order adds to the backlog: work plus changeover when the design is missing.</param>
/// <param name="FinishHours">Calendar hours from now until the order is expected to be done on this cell.</param>
/// <param name="LateHours">Calendar hours the expected finish falls after the due date (0 when on time).</param>
[GenerateSerializer]
[Immutable]
public sealed record ScoreComponents(
    [property: Id(0)] double DistanceKm,
    [property: Id(1)] double DistanceCost,
    [property: Id(2)] double BacklogHours,
    [property: Id(3)] double LoadHours,
    [property: Id(4)] double FinishHours,
    [property: Id(5)] DateTimeOffset ExpectedFinish,
    [property: Id(6)] double FinishCost,
    [property: Id(7)] double LateHours,
    [property: Id(8)] double LatenessCost,
    [property: Id(9)] bool ChangeoverRequired,
    [property: Id(10)] double ChangeoverHours,
    [property: Id(11)] double ChangeoverCost)
{
    /// <summary>The cell has the design but is set up for another setup (design or changeover parameter values).</summary>
    [Id(12)]
    public bool SetupChange { get; init; }

    /// <summary>The setup term: changeover hours × <see cref="RoutingWeights.PerSetupChangeHour"/> when <see cref="SetupChange"/>.</summary>
    [Id(13)]
    public double SetupChangeCost { get; init; }
}
