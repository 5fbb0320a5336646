namespace Microfactory.Network.Routing;

/// <summary>
/// Where each site's cells live (by site slot), so a route can walk the network site by site, nearest first.
/// Rebuilt lazily after the layout changed (rows added, moved or removed; sites added or removed), not when a
/// snapshot merely replaces a row in place, which is what capacity reports do many times a second.
/// Readers under the read lock may race to rebuild; each builds the same arrays and the last write wins.
/// </summary>
internal sealed class SiteCells
{
    private Layout? _layout;

    /// <summary>Call under a lock.</summary>
    public CellLocation[][] Get(long layoutVersion, List<CapabilityBucket> buckets, int siteCount)
    {
        var layout = Volatile.Read(ref _layout);
        if (layout is not null && layout.Version == layoutVersion)
        {
            return layout.BySite;
        }

        var counts = new int[siteCount];
        foreach (var bucket in buckets)
        {
            foreach (ref readonly var cell in bucket.Span)
            {
                counts[cell.SiteSlot]++;
            }
        }

        var bySite = new CellLocation[siteCount][];
        for (var slot = 0; slot < siteCount; slot++)
        {
            bySite[slot] = counts[slot] == 0 ? [] : new CellLocation[counts[slot]];
            counts[slot] = 0;
        }

        for (var b = 0; b < buckets.Count; b++)
        {
            var rows = buckets[b].Span;
            for (var row = 0; row < rows.Length; row++)
            {
                var slot = rows[row].SiteSlot;
                bySite[slot][counts[slot]++] = new CellLocation(b, row);
            }
        }

        Volatile.Write(ref _layout, new Layout(layoutVersion, bySite));
        return bySite;
    }

    private sealed record Layout(long Version, CellLocation[][] BySite);
}
