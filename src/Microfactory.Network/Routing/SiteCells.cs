namespace Microfactory.Network.Routing;

/// <summary>
/// Where each site's cells live (by site slot), so a route can walk the network site by site, nearest first; and
/// each site's and cell's ordinal rank by id, so tie-breaks between equal scores compare ints, not strings.
/// Rebuilt lazily after the layout changed (rows added, moved or removed; sites added or removed), not when a
/// snapshot merely replaces a row in place, which is what capacity reports do many times a second.
/// Readers under the read lock may race to rebuild; each builds the same arrays and the last write wins.
/// </summary>
internal sealed class SiteCells
{
    private SiteCellLayout? _layout;

    /// <summary>Call under a lock.</summary>
    public SiteCellLayout Get(long layoutVersion, List<CapabilityBucket> buckets, ReadOnlySpan<SiteRow> sites)
    {
        var layout = Volatile.Read(ref _layout);
        if (layout is not null && layout.Version == layoutVersion)
        {
            return layout;
        }

        var siteCount = sites.Length;

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

        layout = new SiteCellLayout(layoutVersion, bySite, SiteRanks(sites), CellRanks(buckets));
        Volatile.Write(ref _layout, layout);
        return layout;
    }

    private static int[] SiteRanks(ReadOnlySpan<SiteRow> sites)
    {
        var ids = new string[sites.Length];
        var slots = new int[sites.Length];
        for (var slot = 0; slot < sites.Length; slot++)
        {
            ids[slot] = sites[slot].SiteId;
            slots[slot] = slot;
        }

        Array.Sort(ids, slots, StringComparer.Ordinal);
        var ranks = new int[sites.Length];
        for (var rank = 0; rank < slots.Length; rank++)
        {
            ranks[slots[rank]] = rank;
        }

        return ranks;
    }

    private static int[][] CellRanks(List<CapabilityBucket> buckets)
    {
        var ids = new List<string>();
        var locations = new List<CellLocation>();
        for (var b = 0; b < buckets.Count; b++)
        {
            var rows = buckets[b].Span;
            for (var row = 0; row < rows.Length; row++)
            {
                ids.Add(rows[row].CellId);
                locations.Add(new CellLocation(b, row));
            }
        }

        var idArray = ids.ToArray();
        var locationArray = locations.ToArray();
        Array.Sort(idArray, locationArray, StringComparer.Ordinal);
        var ranks = new int[buckets.Count][];
        for (var b = 0; b < buckets.Count; b++)
        {
            ranks[b] = new int[buckets[b].Rows.Count];
        }

        for (var rank = 0; rank < locationArray.Length; rank++)
        {
            ranks[locationArray[rank].Bucket][locationArray[rank].Row] = rank;
        }

        return ranks;
    }
}

/// <summary>One layout of the index: cells by site slot, and ordinal ranks of site ids (by slot) and cell ids (by bucket, row).</summary>
internal sealed record SiteCellLayout(long Version, CellLocation[][] BySite, int[] SiteRank, int[][] CellRank);
