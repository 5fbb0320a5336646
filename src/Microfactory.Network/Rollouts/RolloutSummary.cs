using Orleans;

namespace Microfactory.Network.Rollouts;

/// <summary>One line of the rollout list, as a rollout publishes it after each write.</summary>
[GenerateSerializer]
[Immutable]
public sealed record RolloutSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Design,
    [property: Id(2)] RolloutPhase Phase,
    [property: Id(3)] string? Reason,
    [property: Id(4)] int CurrentWave,
    [property: Id(5)] int Waves,
    [property: Id(6)] int Sites,
    [property: Id(7)] int Installed,
    [property: Id(8)] int Failures,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset UpdatedAt,
    [property: Id(11)] bool AwaitingReports = false)
{
    /// <summary>
    /// Still needs driving: running, paused (statuses are still read), rolling back, or completed while sites it was
    /// sent to have not reported yet (their outcome still belongs in its view).
    /// </summary>
    public bool IsActive => Phase is RolloutPhase.Running or RolloutPhase.Paused or RolloutPhase.RollingBack || AwaitingReports;

    public static RolloutSummary Of(RolloutState state)
    {
        var view = RolloutViews.From(state);
        return new RolloutSummary(view.Id, view.Design, view.Phase, view.Reason, view.CurrentWave, view.Waves.Count,
            view.Sites.Count, view.Sites.Count(s => s.State == Designs.SiteDesignState.Installed), view.Failures, view.CreatedAt, view.UpdatedAt,
            state.Phase == RolloutPhase.Completed && state.Sites.Any(RolloutGrain.IsAwaitingReport));
    }
}
