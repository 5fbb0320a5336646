using Orleans;

namespace Microfactory.Network.Planning.Live;

/// <summary>One stored plan (keyed by plan id), so a dry run can be applied later and an interrupted apply finished.</summary>
[Alias("plan")]
public interface IPlanGrain : IGrainWithStringKey
{
    /// <summary>Stores a new plan; storing the same id again returns the stored one.</summary>
    Task<StoredPlan> CreateAsync(StoredPlan plan, IReadOnlyList<MoveTicket> tickets);

    Task<StoredPlan?> GetAsync();

    /// <summary>Marks the plan as being applied (stored before any move) and returns its moves.</summary>
    Task<IReadOnlyList<MoveTicket>> BeginApplyAsync();

    Task<StoredPlan> CompleteApplyAsync(PlanApplication application);
}
