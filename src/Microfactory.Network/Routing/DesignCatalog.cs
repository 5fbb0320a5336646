namespace Microfactory.Network.Routing;

/// <summary>
/// Interns design versions ("bracket@2.1.0") to small integers so cells carry int arrays, not string sets.
/// Ids are never reused; the catalog grows with the distinct versions ever installed, which is small.
/// Not thread-safe by itself: the index adds under its write lock.
/// </summary>
internal sealed class DesignCatalog
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public int[] AddAll(IEnumerable<string> designs)
    {
        var ids = new List<int>();
        foreach (var design in designs)
        {
            if (!_ids.TryGetValue(design, out var id))
            {
                id = _ids.Count;
                _ids.Add(design, id);
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    /// <summary>The design's id, or -1 when no cell has ever had it installed.</summary>
    public int Find(string design) => _ids.TryGetValue(design, out var id) ? id : -1;
}
