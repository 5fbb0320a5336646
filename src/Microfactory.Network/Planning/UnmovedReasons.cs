using System.Globalization;

namespace Microfactory.Network.Planning;

/// <summary>
/// Says why an order that should have left its site stayed, by re-checking the constraints one at a time against
/// the final state: the first that rules out every destination is the reason.
/// </summary>
internal static class UnmovedReasons
{
    public static string Describe(PlanningModel model, PlanState state, int order)
    {
        var o = model.Orders[order];
        var request = model.Request;
        var km = request.MaxTransferKm.ToString("0.#", CultureInfo.InvariantCulture);
        var capabilities = string.Join(", ", model.Snapshot.Orders[o.SnapshotIndex].RequiredCapabilities.Order(StringComparer.Ordinal));
        if (!o.CapabilitiesKnown)
        {
            return $"no cell in scope has capabilities [{capabilities}]";
        }

        var reach = model.Reachable[o.Delivery].Where(r => r.Site != o.Site).ToList();
        if (reach.Count == 0)
        {
            return $"no other site that takes work is within {km} km of its delivery point";
        }

        var capable = reach
            .SelectMany(r => model.SiteCells[r.Site].Select(c => (r.Site, Cell: c, r.Km)))
            .Where(x => model.Cells[x.Cell].Available && (model.Cells[x.Cell].CapabilityMask & o.CapabilityMask) == o.CapabilityMask)
            .ToList();
        if (capable.Count == 0)
        {
            return $"no site within {km} km has an available cell with [{capabilities}]";
        }

        var high = request.BandHigh.ToString("0.00", CultureInfo.InvariantCulture);
        var withRoom = capable
            .Where(x => model.Utilisation(x.Site, state.SiteBacklog[x.Site] + model.Load(order, x.Cell)) <= request.BandHigh + PlanningModel.Epsilon)
            .ToList();
        if (withRoom.Count == 0)
        {
            return $"every capable site within {km} km would go above {high}";
        }

        if (double.IsPositiveInfinity(state.RemovalDelta(order)))
        {
            return $"moving it would take {model.Sites[o.Site].SiteId} below {request.BandLow.ToString("0.00", CultureInfo.InvariantCulture)}";
        }

        if (withRoom.All(x => double.IsPositiveInfinity(state.InsertionDelta(order, x.Cell, x.Km))))
        {
            return "every capable site with room would make an on-time order late";
        }

        return "no allowed move lowers the plan cost (distance and lateness outweigh the relief)";
    }
}
