using Orleans;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.Network.Rollouts;

/// <summary>
/// Takes one design version to its target sites wave by wave. Every transition (wave started, abort, rollback) is
/// written before the instructions it leads to are sent; an instruction whose "sent" mark was lost in a crash is
/// sent again, which the sites ignore (instructions are idempotent by rollout, design and action).
/// </summary>
[GrainType("rollout")]
public sealed partial class RolloutGrain(
    NetworkDirectory directory,
    IServiceProvider services,
    IOptions<RolloutOptions> options,
    TimeProvider time,
    ILogger<RolloutGrain> logger,
    [PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<RolloutState> state)
    : Grain, IRolloutGrain
{
    private RolloutState State => state.State;

    private string PrimaryKey => this.GetPrimaryKeyString();

    // Optional: production registers the real delivery from the artifacts feature; without one the API answers 503.
    private IDesignDelivery Delivery => services.GetService<IDesignDelivery>()
        ?? throw new DesignDeliveryUnavailableException();

    public async Task<RolloutView> CreateAsync(RolloutRequest request, string fingerprint)
    {
        if (state.RecordExists)
        {
            return State.Fingerprint == fingerprint
                ? RolloutViews.From(State)
                : throw new InvalidStateException($"Rollout '{PrimaryKey}' already exists with a different request; choose a new id.");
        }

        if (!DesignVersionFormat.IsWellFormed(request.Design))
        {
            throw new DomainValidationException("design", $"'design' must be product@version, for example bracket@2.1.0 (got '{request.Design}').");
        }

        var at = request.Design!.IndexOf('@', StringComparison.Ordinal);
        var (product, version) = (request.Design[..at], request.Design[(at + 1)..]);
        var design = await GrainFactory.GetGrain<IDesignGrain>(product).GetVersionAsync(version)
            ?? throw new DomainValidationException("design", $"Design {request.Design} is not registered; register the version first.");
        var plan = RolloutPlan.Create(request, design, directory.Sites.All());
        var now = time.GetUtcNow();
        state.State = new RolloutState
        {
            Id = PrimaryKey,
            Design = plan.Design,
            Sha256 = plan.Sha256,
            SizeBytes = plan.SizeBytes,
            Capabilities = [.. design.Capabilities],
            Fingerprint = fingerprint,
            Phase = RolloutPhase.Running,
            SuccessThresholdPercent = plan.SuccessThresholdPercent,
            ErrorThreshold = plan.ErrorThreshold,
            WaveTimeout = plan.WaveTimeout,
            CreatedAt = now,
            UpdatedAt = now,
            Waves = plan.WaveNames.Select(n => new WaveState { Name = n }).ToList(),
            Sites = [.. plan.Sites],
        };
        await SaveAsync();
        return RolloutViews.From(State);
    }

    public Task<RolloutView?> GetAsync() => Task.FromResult(state.RecordExists ? RolloutViews.From(State) : null);

    public async Task<RolloutView?> AdvanceAsync()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        switch (State.Phase)
        {
            case RolloutPhase.Running:
                await AdvanceRunningAsync();
                break;
            case RolloutPhase.Paused:
                if (await RefreshAsync(s => s.InstallSent))
                {
                    await SaveAsync();
                }

                break;
            case RolloutPhase.RollingBack:
                await AdvanceRollbackAsync();
                break;
            case RolloutPhase.Completed when AwaitsLateReports():
                if (await RefreshAsync(IsAwaitingReport))
                {
                    await SaveAsync();
                }

                break;
        }

        return RolloutViews.From(State);
    }

    public Task<RolloutView> PauseAsync() =>
        MoveAsync("pause", [RolloutPhase.Running], RolloutPhase.Paused, "only a running rollout can be paused", null);

    public Task<RolloutView> ResumeAsync() =>
        MoveAsync("resume", [RolloutPhase.Paused], RolloutPhase.Running, "only a paused rollout can be resumed", null);

    public Task<RolloutView> AbortAsync(string? reason) =>
        MoveAsync("abort", [RolloutPhase.Running, RolloutPhase.Paused], RolloutPhase.Aborted, "only a running or paused rollout can be aborted",
            string.IsNullOrWhiteSpace(reason) ? "aborted by an operator" : reason.Trim());

    public async Task<RolloutView> RollbackAsync(string? reason)
    {
        EnsureExists();
        if (State.Phase is RolloutPhase.RollingBack or RolloutPhase.RolledBack)
        {
            return RolloutViews.From(State);
        }

        _ = Delivery; // refuse before changing anything when instructions cannot be sent
        await BeginRollbackAsync(string.IsNullOrWhiteSpace(reason) ? "rolled back by an operator" : reason.Trim());
        return RolloutViews.From(State);
    }

    /// <summary>An operator's transition; asking for the phase the rollout is already in changes nothing.</summary>
    private async Task<RolloutView> MoveAsync(string action, RolloutPhase[] from, RolloutPhase to, string rule, string? reason)
    {
        EnsureExists();
        if (from.Contains(State.Phase))
        {
            State.Phase = to;
            State.Reason = reason ?? State.Reason;
            await SaveAsync();
        }
        else if (State.Phase != to)
        {
            throw new InvalidStateException($"Cannot {action} rollout '{State.Id}' while it is {State.Phase}: {rule}.");
        }

        return RolloutViews.From(State);
    }

    private async Task AdvanceRunningAsync()
    {
        var changed = await RefreshAsync(s => s.InstallSent);
        var failures = State.Sites.Count(s => s.InstallFailed);
        if (failures >= State.ErrorThreshold)
        {
            await BeginRollbackAsync($"{failures} site(s) failed to install {State.Design}, reaching the error threshold of {State.ErrorThreshold}");
            return;
        }

        var now = time.GetUtcNow();
        while (State.Phase == RolloutPhase.Running)
        {
            var wave = State.Waves[State.CurrentWave];
            if (wave.StartedAt is null)
            {
                wave.StartedAt = now;
                await SaveAsync();
                changed = false;
            }

            await SendInstallsAsync(State.CurrentWave);
            var members = State.Sites.Where(s => s.Wave == State.CurrentWave).ToList();
            if (members.Count(s => s.State == SiteDesignState.Installed) >= RolloutViews.Required(members.Count, State.SuccessThresholdPercent))
            {
                wave.SucceededAt = now;
                if (State.CurrentWave == State.Waves.Count - 1)
                {
                    // Marked before the state says Completed, so a crash in between marks it again on the next pass.
                    await MarkRolledOutAsync(true);
                    State.Phase = RolloutPhase.Completed;
                }
                else
                {
                    State.CurrentWave++;
                }

                await SaveAsync();
                changed = false;
                continue;
            }

            if (State.WaveTimeout is { } timeout && now - wave.StartedAt >= timeout)
            {
                await BeginRollbackAsync($"wave '{wave.Name}' did not reach {State.SuccessThresholdPercent}% installed within {timeout}");
                return;
            }

            break;
        }

        if (changed)
        {
            await SaveAsync();
        }
    }

    private async Task SendInstallsAsync(int wave)
    {
        var unsent = State.Sites.Select((s, i) => (Site: s, Index: i)).Where(p => p.Site.Wave == wave && !p.Site.InstallSent).ToList();
        if (unsent.Count == 0)
        {
            return;
        }

        foreach (var (site, index) in unsent)
        {
            await Delivery.SendAsync(site.SiteId, Instruction(DesignAction.Install, null));
            State.Sites[index] = site with { InstallSent = true, State = site.State ?? SiteDesignState.Pending };
        }

        await SaveAsync();
    }

    private async Task BeginRollbackAsync(string reason)
    {
        if (State.Phase == RolloutPhase.Completed)
        {
            await MarkRolledOutAsync(false); // orders without a version stop going to it before sites lose it
        }

        State.Phase = RolloutPhase.RollingBack;
        State.Reason = reason;
        await SaveAsync();
        await AdvanceRollbackAsync();
    }

    private async Task AdvanceRollbackAsync()
    {
        var unsent = State.Sites.Select((s, i) => (Site: s, Index: i)).Where(p => p.Site.InstallSent && !p.Site.RollbackSent).ToList();
        foreach (var (site, index) in unsent)
        {
            await Delivery.SendAsync(site.SiteId, Instruction(DesignAction.Rollback, site.PreviousDesign));
            State.Sites[index] = site with { RollbackSent = true };
        }

        var changed = await RefreshAsync(s => s.RollbackSent) || unsent.Count > 0;
        if (State.Sites.Where(s => s.RollbackSent).All(s => s.State == SiteDesignState.RolledBack))
        {
            State.Phase = RolloutPhase.RolledBack;
            changed = true;
        }

        if (changed)
        {
            await SaveAsync();
        }
    }

    /// <summary>Reads the statuses of the chosen sites; true when any changed.</summary>
    private async Task<bool> RefreshAsync(Func<RolloutSite, bool> which)
    {
        var changed = false;
        for (var i = 0; i < State.Sites.Count; i++)
        {
            var site = State.Sites[i];
            if (!which(site))
            {
                continue;
            }

            var status = await Delivery.StatusAsync(site.SiteId, State.Design);
            if (status is null || (status.RolloutId is { } other && other != State.Id && status.State != SiteDesignState.Installed))
            {
                continue; // nothing yet, or what another rollout of the same version left behind
            }

            if (status.State != site.State || (status.Reason is not null && status.Reason != site.Reason))
            {
                var failed = status.State == SiteDesignState.Failed && !site.RollbackSent;
                State.Sites[i] = site with
                {
                    State = status.State,
                    InstallFailed = site.InstallFailed || failed,
                    Reason = status.Reason ?? (site.InstallFailed ? site.Reason : null), // why an install failed outlives its rollback
                    UpdatedAt = status.At,
                };
                changed = true;
            }
        }

        return changed;
    }

    private Task MarkRolledOutAsync(bool rolledOut)
    {
        var at = State.Design.IndexOf('@', StringComparison.Ordinal);
        return GrainFactory.GetGrain<IDesignGrain>(State.Design[..at]).MarkRolledOutAsync(State.Design[(at + 1)..], rolledOut);
    }

    private DesignInstruction Instruction(DesignAction action, string? previous) =>
        new(State.Id, State.Design, State.Sha256, State.SizeBytes, State.Capabilities, action, previous);

    private async Task SaveAsync()
    {
        State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        directory.Share(RolloutSummary.Of(State));
        await DriveWhileActiveAsync();
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new NotFoundException("Rollout", PrimaryKey);
        }
    }
}
