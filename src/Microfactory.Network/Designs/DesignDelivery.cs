using Orleans;

namespace Microfactory.Network.Designs;

/// <summary>What a site is asked to do with one design version.</summary>
public enum DesignAction
{
    /// <summary>Download, verify and install the version, keeping the previous one.</summary>
    Install,

    /// <summary>Remove the version and make the previous one current again.</summary>
    Rollback,
}

/// <summary>
/// One instruction to one site, idempotent by (<see cref="RolloutId"/>, <see cref="Design"/>, <see cref="Action"/>):
/// sending it again while it is pending or done changes nothing.
/// </summary>
/// <param name="Design">The <c>product@version</c> key.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bundle, which is also its artifact id.</param>
/// <param name="PreviousDesign">For <see cref="DesignAction.Rollback"/>: the version the site returns to, if any.</param>
[GenerateSerializer]
public sealed record DesignInstruction(
    [property: Id(0)] string RolloutId,
    [property: Id(1)] string Design,
    [property: Id(2)] string Sha256,
    [property: Id(3)] long SizeBytes,
    [property: Id(4)] IReadOnlyList<string> Capabilities,
    [property: Id(5)] DesignAction Action,
    [property: Id(6)] string? PreviousDesign);

public enum SiteDesignState
{
    Pending,
    Downloading,
    Installed,
    Failed,
    RolledBack,
}

/// <summary>The latest a site has reported (or been asked) about one design version.</summary>
[GenerateSerializer]
public sealed record SiteDesignStatus([property: Id(0)] string Design, [property: Id(1)] SiteDesignState State, [property: Id(2)] string? Reason, [property: Id(3)] string? RolloutId, [property: Id(4)] DateTimeOffset At);

/// <summary>
/// How rollouts reach sites. The rollout side only sends instructions and reads statuses (calls flow one way: rollout
/// to site), so a rollout never waits on a site that is waiting on it.
/// </summary>
public interface IDesignDelivery
{
    Task SendAsync(string siteId, DesignInstruction instruction, CancellationToken cancellationToken = default);

    /// <summary>The site's status for <paramref name="design"/>, or null when it has never heard of it.</summary>
    Task<SiteDesignStatus?> StatusAsync(string siteId, string design, CancellationToken cancellationToken = default);
}
