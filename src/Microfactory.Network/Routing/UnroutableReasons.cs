using System.Globalization;
using System.Text;

namespace Microfactory.Network.Routing;

/// <summary>
/// Turns rejection counts into the sentence a planner reads, e.g. "no cell has capabilities [cnc]" or
/// "3 capable cells, all over their backlog limit". Only runs for unroutable orders.
/// </summary>
internal static class UnroutableReasons
{
    private static readonly RejectionReason[] AfterCapability =
    [
        RejectionReason.SiteOffline,
        RejectionReason.SiteDraining,
        RejectionReason.SiteDisconnected,
        RejectionReason.SiteExcluded,
        RejectionReason.CellUnavailable,
        RejectionReason.DesignUnavailable,
        RejectionReason.OverBacklogLimit,
    ];

    public static string Describe(RoutingRequest request, CellRejections rejections, int cellCount)
    {
        if (cellCount == 0)
        {
            return "no cells are registered for routing";
        }

        var capable = rejections.CapableButRejected;
        if (capable == 0)
        {
            var names = request.RequiredCapabilities.Order(StringComparer.Ordinal);
            return $"no cell has capabilities [{string.Join(", ", names)}]";
        }

        var reasons = AfterCapability.Where(r => rejections[r] > 0).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{capable} capable {(capable == 1 ? "cell" : "cells")}, ");
        if (reasons.Count == 1)
        {
            text.Append(capable == 1 ? string.Empty : "all ").Append(Phrase(reasons[0], capable, request));
            return text.ToString();
        }

        text.Append("none routable: ");
        text.AppendJoin(", ", reasons.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{rejections[r]} {Phrase(r, rejections[r], request)}")));
        return text.ToString();
    }

    private static string Phrase(RejectionReason reason, int count, RoutingRequest request) => (reason, count == 1) switch
    {
        (RejectionReason.SiteOffline, true) => "at an offline site",
        (RejectionReason.SiteOffline, false) => "at offline sites",
        (RejectionReason.SiteDraining, true) => "at a draining site",
        (RejectionReason.SiteDraining, false) => "at draining sites",
        (RejectionReason.SiteDisconnected, true) => "at a site whose agent is disconnected",
        (RejectionReason.SiteDisconnected, false) => "at sites whose agents are disconnected",
        (RejectionReason.SiteExcluded, true) => "at an excluded site",
        (RejectionReason.SiteExcluded, false) => "at excluded sites",
        (RejectionReason.CellUnavailable, _) => "down or in maintenance",
        (RejectionReason.DesignUnavailable, _) => $"without design {request.Design}, which this order may not install",
        (RejectionReason.OverBacklogLimit, true) => "over its backlog limit",
        (RejectionReason.OverBacklogLimit, false) => "over their backlog limit",
        _ => reason.ToString(),
    };
}
