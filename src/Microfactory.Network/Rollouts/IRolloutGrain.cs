using Orleans;

namespace Microfactory.Network.Rollouts;

/// <summary>One staged rollout of one design version (keyed by rollout id).</summary>
[Alias("rollout")]
public interface IRolloutGrain : IGrainWithStringKey
{
    /// <summary>Plans and starts the rollout; the same request again returns it as it is now, a different one is refused.</summary>
    Task<RolloutView> CreateAsync(RolloutRequest request, string fingerprint);

    /// <summary>The rollout, or null when it was never created.</summary>
    Task<RolloutView?> GetAsync();

    /// <summary>
    /// One step of the driver: sends what the current wave or a rollback still needs, reads site statuses and
    /// moves waves on or aborts. Safe to repeat after a crash: instructions are idempotent at the sites.
    /// </summary>
    Task<RolloutView?> AdvanceAsync();

    /// <summary>Activates the rollout, which then drives itself while active (after a restart, nothing else would).</summary>
    Task WakeAsync();

    Task<RolloutView> PauseAsync();

    Task<RolloutView> ResumeAsync();

    /// <summary>Stops the rollout where it is; sites keep what they installed.</summary>
    Task<RolloutView> AbortAsync(string? reason);

    /// <summary>Stops the rollout and returns every site it instructed to the version it had before.</summary>
    Task<RolloutView> RollbackAsync(string? reason);
}
