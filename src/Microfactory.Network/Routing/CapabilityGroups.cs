namespace Microfactory.Network.Routing;

/// <summary>
/// Cell slots grouped by identical capability mask. A route tests each group's mask once and counts a whole
/// non-matching group as rejected, instead of testing (and mispredicting a branch on) every cell. Immutable:
/// rebuilt after the cell layout changes and published for all readers.
/// </summary>
internal sealed class CapabilityGroups
{
    private CapabilityGroups(long layoutVersion, ulong[] masks, int[][] slots)
    {
        LayoutVersion = layoutVersion;
        Masks = masks;
        Slots = slots;
    }

    public long LayoutVersion { get; }

    public ulong[] Masks { get; }

    /// <summary>Ascending within each group, so a scan walks the cell rows forwards.</summary>
    public int[][] Slots { get; }

    public static CapabilityGroups Build(long layoutVersion, ReadOnlySpan<CellRow> cells)
    {
        var bySlot = new Dictionary<ulong, List<int>>();
        for (var slot = 0; slot < cells.Length; slot++)
        {
            var mask = cells[slot].CapabilityMask;
            if (!bySlot.TryGetValue(mask, out var slots))
            {
                slots = [];
                bySlot.Add(mask, slots);
            }

            slots.Add(slot);
        }

        var ordered = bySlot.OrderBy(g => g.Key).ToArray();
        return new CapabilityGroups(
            layoutVersion,
            [.. ordered.Select(g => g.Key)],
            [.. ordered.Select(g => g.Value.ToArray())]);
    }
}
