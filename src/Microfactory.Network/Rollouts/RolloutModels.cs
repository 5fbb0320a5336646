using Microfactory.Network.Designs;

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
public sealed record RolloutRequest(
    string? Id,
    string? Design,
    string? Sha256,
    long? SizeBytes,
    IReadOnlyList<string>? Cities,
    IReadOnlyList<string>? CanarySites,
    int? CanaryCount,
    IReadOnlyList<int>? Steps,
    int? SuccessThresholdPercent,
    int? ErrorThreshold,
    TimeSpan? WaveTimeout);

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
public sealed record RolloutSite(
    string SiteId,
    int Wave,
    string? PreviousDesign,
    bool InstallSent,
    bool RollbackSent,
    bool InstallFailed,
    SiteDesignState? State,
    string? Reason,
    DateTimeOffset? UpdatedAt);

/// <summary>One wave's progress.</summary>
public sealed record WaveView(
    int Index,
    string Name,
    WavePhase Phase,
    int Sites,
    int Installed,
    int Failed,
    int InProgress,
    int RequiredInstalled,
    DateTimeOffset? StartedAt,
    DateTimeOffset? SucceededAt);

/// <summary>A rollout as the API shows it.</summary>
public sealed record RolloutView(
    string Id,
    string Design,
    string Sha256,
    long SizeBytes,
    RolloutPhase Phase,
    string? Reason,
    int CurrentWave,
    int SuccessThresholdPercent,
    int ErrorThreshold,
    TimeSpan? WaveTimeout,
    int Failures,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<WaveView> Waves,
    IReadOnlyList<RolloutSite> Sites);
