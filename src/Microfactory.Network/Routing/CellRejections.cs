using System.Text.Json.Serialization;
using Orleans;

namespace Microfactory.Network.Routing;

/// <summary>How many cells were turned away for each reason (each cell counted once; see <see cref="RejectionReason"/>).</summary>
[GenerateSerializer]
[Immutable]
public sealed record CellRejections(
    [property: Id(0)] int MissingCapability,
    [property: Id(1)] int SiteOffline,
    [property: Id(2)] int SiteDraining,
    [property: Id(7)] int SiteDisconnected,
    [property: Id(3)] int SiteExcluded,
    [property: Id(4)] int CellUnavailable,
    [property: Id(5)] int DesignUnavailable,
    [property: Id(6)] int OverBacklogLimit)
{
    public static CellRejections None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    [JsonIgnore]
    public int Total => MissingCapability + SiteOffline + SiteDraining + SiteDisconnected + SiteExcluded + CellUnavailable + DesignUnavailable + OverBacklogLimit;

    /// <summary>Cells that have every required capability but were rejected for another reason.</summary>
    [JsonIgnore]
    public int CapableButRejected => Total - MissingCapability;

    public int this[RejectionReason reason] => reason switch
    {
        RejectionReason.MissingCapability => MissingCapability,
        RejectionReason.SiteOffline => SiteOffline,
        RejectionReason.SiteDraining => SiteDraining,
        RejectionReason.SiteDisconnected => SiteDisconnected,
        RejectionReason.SiteExcluded => SiteExcluded,
        RejectionReason.CellUnavailable => CellUnavailable,
        RejectionReason.DesignUnavailable => DesignUnavailable,
        RejectionReason.OverBacklogLimit => OverBacklogLimit,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown rejection reason."),
    };

    /// <summary>Counts indexed by <see cref="RejectionReason"/>.</summary>
    internal static CellRejections From(ReadOnlySpan<int> counts) =>
        new(counts[(int)RejectionReason.MissingCapability], counts[(int)RejectionReason.SiteOffline], counts[(int)RejectionReason.SiteDraining],
            counts[(int)RejectionReason.SiteDisconnected], counts[(int)RejectionReason.SiteExcluded], counts[(int)RejectionReason.CellUnavailable],
            counts[(int)RejectionReason.DesignUnavailable], counts[(int)RejectionReason.OverBacklogLimit]);
}
