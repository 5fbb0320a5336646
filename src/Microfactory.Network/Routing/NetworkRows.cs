namespace Microfactory.Network.Routing;

/// <summary>A site as the scan reads it.</summary>
internal struct SiteRow
{
    public string SiteId;
    public string CityId;
    public GeoPoint Location;
    public SiteStatus Status;
}

/// <summary>
/// A cell as the scan reads it: capabilities as a bitmask and designs as interned ids so the per-cell checks are
/// integer operations. <see cref="BacklogTicks"/> is the only field changed outside the write lock (atomically).
/// </summary>
internal struct CellRow
{
    public string CellId;
    public int SiteSlot;
    public ulong CapabilityMask;
    public int[] DesignIds;
    public double CalendarHoursPerWorkHour;
    public long LimitTicks;
    public CellState State;
    public long BacklogTicks;

    public readonly bool HasDesign(int designId)
    {
        foreach (var id in DesignIds)
        {
            if (id == designId)
            {
                return true;
            }
        }

        return false;
    }
}
