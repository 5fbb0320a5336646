using System.Collections.Concurrent;
using Microfactory.Network.Rollouts;

namespace Microfactory.Network.Directory;

/// <summary>The last published summary of every rollout: the list, and which rollouts still need driving.</summary>
public sealed class RolloutCatalog
{
    private readonly ConcurrentDictionary<string, RolloutSummary> _rollouts = new(StringComparer.Ordinal);

    public void Upsert(RolloutSummary rollout) =>
        _rollouts.AddOrUpdate(rollout.Id, rollout, (_, old) => old.UpdatedAt > rollout.UpdatedAt ? old : rollout);

    public IReadOnlyList<RolloutSummary> All() =>
        _rollouts.Values.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> Active() =>
        _rollouts.Values.Where(r => r.IsActive).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
}
