namespace Microfactory.Network.Routing;

/// <summary>
/// Why a cell was not a candidate. A cell is counted once, under the first reason that applies, in this order,
/// so that "capable" (all but <see cref="MissingCapability"/>) is a meaningful count in explanations.
/// </summary>
public enum RejectionReason
{
    MissingCapability,
    SiteOffline,
    SiteDraining,

    /// <summary>The site's agent is not connected (a live stream): it keeps its jobs but gets no new ones.</summary>
    SiteDisconnected,
    SiteExcluded,
    CellUnavailable,
    DesignUnavailable,
    OverBacklogLimit,
}
