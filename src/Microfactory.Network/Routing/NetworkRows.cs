namespace Microfactory.Network.Routing;

/// <summary>A site as the scan reads it.</summary>
internal struct SiteRow
{
    public string SiteId;
    public string CityId;
    public GeoPoint Location;
    public SiteStatus Status;
    public bool Connected;
}

/// <summary>
/// A cell as the scan reads it (its capabilities are its bucket's mask): designs as interned ids and a bloom
/// mask so the per-cell checks are integer operations. <see cref="BacklogTicks"/> is the only field changed
/// outside the write lock (atomically).
/// </summary>
internal struct CellRow
{
    public string CellId;
    public int SiteSlot;
    public int[] DesignIds;

    /// <summary>Bit (id mod 64) set for each installed design: most "not installed" answers need no array walk.</summary>
    public ulong DesignBloom;
    public double CalendarHoursPerWorkHour;
    public long LimitTicks;
    public CellState State;
    public long BacklogTicks;

    /// <summary>The interned setup the cell is left in (0: unknown); written atomically by placements under the read lock.</summary>
    public int SetupId;
    /// <summary>A planned maintenance window as UTC ticks, [from, until); both 0 when none.</summary>
    public long MaintenanceFromTicks;
    public long MaintenanceUntilTicks;

    public readonly bool InMaintenanceAt(long utcTicks) => utcTicks >= MaintenanceFromTicks && utcTicks < MaintenanceUntilTicks;

    public static ulong BloomBit(int designId) => 1UL << (designId & 63);

    public static ulong Bloom(int[] designIds)
    {
        ulong bloom = 0;
        foreach (var id in designIds)
        {
            bloom |= BloomBit(id);
        }

        return bloom;
    }

    /// <summary>
    /// Whether the design is installed. The bloom test is split from the array walk so that it inlines into the
    /// scan: most cells fail it and never touch their design array.
    /// </summary>
    public readonly bool HasDesign(int designId, ulong designBloomBit) =>
        (DesignBloom & designBloomBit) != 0 && Contains(DesignIds, designId);

    // A plain loop: cells hold a handful of designs, too few for the vectorised Array.IndexOf to pay off.
    private static bool Contains(int[] designIds, int designId)
    {
        foreach (var id in designIds)
        {
            if (id == designId)
            {
                return true;
            }
        }

        return false;
    }
}
