using System.Collections.Concurrent;

namespace Microfactory.Network.Rollouts;

/// <summary>
/// The rollouts this node drives: filled from the store at start (so a restart resumes them) and by every
/// rollout that is created or changes here.
/// </summary>
public sealed class RolloutTracker
{
    private readonly ConcurrentDictionary<string, RolloutPhase> _phases = new(StringComparer.Ordinal);

    public void Track(string id, RolloutPhase phase) => _phases[id] = phase;

    /// <summary>Rollouts that still need the driver: running, paused (statuses are still read) or rolling back.</summary>
    public IReadOnlyList<string> Active() =>
        _phases.Where(p => p.Value is RolloutPhase.Running or RolloutPhase.Paused or RolloutPhase.RollingBack)
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
}
