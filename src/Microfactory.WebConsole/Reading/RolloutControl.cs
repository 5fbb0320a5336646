using Microfactory.Network;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Rollouts;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace Microfactory.WebConsole.Reading;

public enum RolloutMove
{
    Pause,
    Resume,
    Abort,
    Rollback,
}

/// <summary>Rollouts as <c>/api/rollouts</c> reads and steers them: the list from the directory, one rollout from its grain.</summary>
public sealed class RolloutControl(NetworkDirectory directory, IGrainFactory grains, IServiceProvider services)
{
    public IReadOnlyList<RolloutSummary> All() => directory.Rollouts.All();

    /// <summary>When the rollout last changed, as the directory last heard: an open page reads the grain again only then.</summary>
    public DateTimeOffset? UpdatedAt(string id) => directory.Rollouts.All().FirstOrDefault(r => r.Id == id)?.UpdatedAt;

    public Task<RolloutView?> GetAsync(string id) => Ids.IsValid(id) ? grains.GetGrain<IRolloutGrain>(id).GetAsync() : Task.FromResult<RolloutView?>(null);

    /// <summary>Without a design delivery nothing can reach a site, and the API answers 503 to every move.</summary>
    public bool CanSteer => services.GetService<IDesignDelivery>() is not null;

    public Task<RolloutView> SteerAsync(string id, RolloutMove move, string? reason)
    {
        if (!CanSteer)
        {
            throw new InvalidStateException(new DesignDeliveryUnavailableException().Message);
        }

        var grain = grains.GetGrain<IRolloutGrain>(id);
        return GrainRetry.OnConflictAsync(() => move switch
        {
            RolloutMove.Pause => grain.PauseAsync(),
            RolloutMove.Resume => grain.ResumeAsync(),
            RolloutMove.Abort => grain.AbortAsync(reason),
            RolloutMove.Rollback => grain.RollbackAsync(reason),
            _ => throw new ArgumentOutOfRangeException(nameof(move), move, "Unknown rollout move."),
        });
    }
}
