using Microfactory.Network.Planning;

namespace Microfactory.WebConsole.Reading;

/// <summary>One city's utilisation before and after a plan: its scoped sites' figures weighted by their capacity.</summary>
public sealed record CityShift(string CityId, double Before, double After);

public static class PlanCities
{
    public static IReadOnlyList<CityShift> Of(RebalancePlan plan, NetworkPicture network)
    {
        var sites = network.Sites.ToDictionary(s => s.Site.Id, StringComparer.Ordinal);
        return plan.Sites
            .Where(s => sites.ContainsKey(s.SiteId))
            .GroupBy(s => sites[s.SiteId].Site.CityId, StringComparer.Ordinal)
            .Select(g =>
            {
                var capacity = g.Sum(s => sites[s.SiteId].Site.CapacityHoursPerDay);
                double Weighted(Func<SiteUtilisation, double> value) =>
                    capacity > 0 ? g.Sum(s => value(s) * sites[s.SiteId].Site.CapacityHoursPerDay) / capacity : 0;
                return new CityShift(g.Key, Weighted(s => s.Before), Weighted(s => s.After));
            })
            .OrderBy(c => c.CityId, StringComparer.Ordinal)
            .ToList();
    }
}
