using Microfactory.Network.Designs;
using Orleans;

namespace Microfactory.Network.Rollouts;

/// <summary>What an admin sends to start a rollout of one design version.</summary>
/// <param name="Design">The version to roll out, <c>product@version</c>; it must be registered.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the uploaded bundle (its artifact id).</param>
/// <param name="Cities">When given, only sites in these cities are targeted.</param>
/// <param name="CanarySites">Explicit canary sites (each must be a target); otherwise the first <paramref name="CanaryCount"/> targets.</param>
/// <param name="Steps">Cumulative percentages of the targets after the canary wave, ascending, ending at 100 (for example 10, 50, 100).</param>
/// <param name="SuccessThresholdPercent">A wave is done when at least this share of its sites installed the version.</param>
/// <param name="ErrorThreshold">The rollout aborts and rolls back once this many sites failed.</param>
/// <param name="WaveTimeout">A wave that has not met its success threshold this long after it started aborts the rollout.</param>
[GenerateSerializer]
public sealed record RolloutRequest(
    [property: Id(0)] string? Id,
    [property: Id(1)] string? Design,
    [property: Id(2)] string? Sha256,
    [property: Id(3)] long? SizeBytes,
    [property: Id(4)] IReadOnlyList<string>? Cities,
    [property: Id(5)] IReadOnlyList<string>? CanarySites,
    [property: Id(6)] int? CanaryCount,
    [property: Id(7)] IReadOnlyList<int>? Steps,
    [property: Id(8)] int? SuccessThresholdPercent,
    [property: Id(9)] int? ErrorThreshold,
    [property: Id(10)] TimeSpan? WaveTimeout);

public enum RolloutPhase
{
    Running,
    Paused,
    Completed,
    Aborted,
    RollingBack,
    RolledBack,
}

public enum WavePhase
{
    Waiting,
    Running,
    Succeeded,
}

/// <summary>One site's part in a rollout, as last polled.</summary>
/// <param name="PreviousDesign">The version of the same product the site had before, which a rollback returns it to.</param>
/// <param name="InstallSent">True once the install instruction was sent (it may be sent again after a crash).</param>
/// <param name="RollbackSent">True once the rollback instruction was sent.</param>
/// <param name="InstallFailed">True once the site reported the install failed; kept after a rollback, with <paramref name="Reason"/>.</param>
[GenerateSerializer]
public sealed record RolloutSite(
    [property: Id(0)] string SiteId,
    [property: Id(1)] int Wave,
    [property: Id(2)] string? PreviousDesign,
    [property: Id(3)] bool InstallSent,
    [property: Id(4)] bool RollbackSent,
    [property: Id(5)] bool InstallFailed,
    [property: Id(6)] SiteDesignState? State,
    [property: Id(7)] string? Reason,
    [property: Id(8)] DateTimeOffset? UpdatedAt);

/// <summary>One wave's progress.</summary>
[GenerateSerializer]
public sealed record WaveView(
    [property: Id(0)] int Index,
    [property: Id(1)] string Name,
    [property: Id(2)] WavePhase Phase,
    [property: Id(3)] int Sites,
    [property: Id(4)] int Installed,
    [property: Id(5)] int Failed,
    [property: Id(6)] int InProgress,
    [property: Id(7)] int RequiredInstalled,
    [property: Id(8)] DateTimeOffset? StartedAt,
    [property: Id(9)] DateTimeOffset? SucceededAt);

/// <summary>A rollout as the API shows it.</summary>
[GenerateSerializer]
public sealed record RolloutView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Design,
    [property: Id(2)] string Sha256,
    [property: Id(3)] long SizeBytes,
    [property: Id(4)] RolloutPhase Phase,
    [property: Id(5)] string? Reason,
    [property: Id(6)] int CurrentWave,
    [property: Id(7)] int SuccessThresholdPercent,
    [property: Id(8)] int ErrorThreshold,
    [property: Id(9)] TimeSpan? WaveTimeout,
    [property: Id(10)] int Failures,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] IReadOnlyList<WaveView> Waves,
    [property: Id(14)] IReadOnlyList<RolloutSite> Sites);
