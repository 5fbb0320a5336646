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

        bool anyReach = false, anyCapable = false, anyRoom = false, anyOnTime = false;
        foreach (var reach in model.Reachable[o.Delivery])
        {
            if (reach.Site == o.Site)
            {
                continue;
            }

            anyReach = true;
            foreach (var c in model.SiteCells[reach.Site])
            {
                ref readonly var cell = ref model.Cells[c];
                if (!cell.Available || (cell.CapabilityMask & o.CapabilityMask) != o.CapabilityMask)
                {
                    continue;
                }

                anyCapable = true;
                if (model.Utilisation(reach.Site, state.SiteBacklog[reach.Site] + model.Load(order, c)) <= request.BandHigh + PlanningModel.Epsilon)
                {
                    anyRoom = true;
                    anyOnTime = anyOnTime || !double.IsPositiveInfinity(state.InsertionDelta(order, c, reach.Km));
                }
            }
        }

        if (!anyReach)
        {
            return $"no other site that takes work is within {km} km of its delivery point";
        }

        if (!anyCapable)
        {
            return $"no site within {km} km has an available cell with [{capabilities}]";
        }

        if (!anyRoom)
        {
            return $"every capable site within {km} km would go above {request.BandHigh.ToString("0.00", CultureInfo.InvariantCulture)}";
        }

        if (double.IsPositiveInfinity(state.RemovalDelta(order)))
        {
            return $"moving it would take {model.Sites[o.Site].SiteId} below {request.BandLow.ToString("0.00", CultureInfo.InvariantCulture)}";
        }

        if (!anyOnTime)
        {
            return "every capable site with room would make an on-time order late";
        }

        return "no allowed move lowers the plan cost (distance and lateness outweigh the relief)";
    }
}
