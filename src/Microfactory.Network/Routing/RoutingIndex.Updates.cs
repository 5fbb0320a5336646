using System.Runtime.InteropServices;

namespace Microfactory.Network.Routing;

/// <summary>Snapshot upserts and removals: validated first, then applied under the write lock.</summary>
public sealed partial class RoutingIndex
{
    /// <summary>Adds the site or replaces its snapshot. Its cells stay attached.</summary>
    public void UpsertSite(SiteSnapshot site)
    {
        ArgumentNullException.ThrowIfNull(site);
        RoutingArguments.EnsureId(site.SiteId, nameof(site.SiteId));
        RoutingArguments.EnsureId(site.CityId, nameof(site.CityId));
        if (!Enum.IsDefined(site.Status))
        {
            throw new ArgumentException($"Site '{site.SiteId}': status {(int)site.Status} is not Online, Offline or Draining.", nameof(site));
        }

        var row = new SiteRow { SiteId = site.SiteId, CityId = site.CityId, Location = site.Location, Status = site.Status };
        Write(() =>
        {
            if (_siteSlots.TryGetValue(site.SiteId, out var slot))
            {
                if (_sites[slot].Location != site.Location)
                {
                    _geometryVersion++;
                }

                _sites[slot] = row;
                return;
            }

            _siteSlots.Add(site.SiteId, _sites.Count);
            _sites.Add(row);
            _geometryVersion++;
        });
    }

    /// <summary>Removes the site and all its cells; false if it was not there.</summary>
    public bool RemoveSite(string siteId)
    {
        ArgumentNullException.ThrowIfNull(siteId);
        return Write(() =>
        {
            if (!_siteSlots.TryGetValue(siteId, out var slot))
            {
                return false;
            }

            for (var cell = _cells.Count - 1; cell >= 0; cell--)
            {
                if (_cells[cell].SiteSlot == slot)
                {
                    RemoveCellAt(cell);
                }
            }

            // Swap-remove: the last site takes the freed slot, and its cells follow it.
            var last = _sites.Count - 1;
            if (slot != last)
            {
                var moved = _sites[last];
                _sites[slot] = moved;
                _siteSlots[moved.SiteId] = slot;
                foreach (ref var cell in CollectionsMarshal.AsSpan(_cells))
                {
                    if (cell.SiteSlot == last)
                    {
                        cell.SiteSlot = slot;
                    }
                }
            }

            _sites.RemoveAt(last);
            _siteSlots.Remove(siteId);
            _geometryVersion++;
            return true;
        });
    }

    /// <summary>Adds the cell or replaces its snapshot, backlog included. Its site must be upserted first.</summary>
    public void UpsertCell(CellSnapshot cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ValidateCell(cell);
        var calendarHoursPerWorkHour = CandidateScorer.CalendarHoursPerWorkHour(cell.ThroughputFactor, cell.HoursPerDay);
        Write(() =>
        {
            if (!_siteSlots.TryGetValue(cell.SiteId, out var siteSlot))
            {
                throw new InvalidOperationException(
                    $"Cell '{cell.CellId}' belongs to site '{cell.SiteId}', which is not in the routing index; upsert the site first.");
            }

            var designIds = _designs.AddAll(cell.InstalledDesigns);
            var row = new CellRow
            {
                CellId = cell.CellId,
                SiteSlot = siteSlot,
                CapabilityMask = _capabilities.AddAll(cell.Capabilities),
                DesignIds = designIds,
                DesignBloom = CellRow.Bloom(designIds),
                CalendarHoursPerWorkHour = calendarHoursPerWorkHour,
                LimitTicks = WorkTicks.FromHours(cell.BacklogLimitHours),
                State = cell.State,
                BacklogTicks = WorkTicks.FromHours(cell.BacklogHours),
            };

            if (_cellSlots.TryGetValue(cell.CellId, out var slot))
            {
                if (_cells[slot].CapabilityMask != row.CapabilityMask)
                {
                    _cellLayoutVersion++;
                }

                _cells[slot] = row;
                return;
            }

            _cellSlots.Add(cell.CellId, _cells.Count);
            _cells.Add(row);
            _cellLayoutVersion++;
        });
    }

    /// <summary>Removes the cell; false if it was not there.</summary>
    public bool RemoveCell(string cellId)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        return Write(() =>
        {
            if (!_cellSlots.TryGetValue(cellId, out var slot))
            {
                return false;
            }

            RemoveCellAt(slot);
            return true;
        });
    }

    private static void ValidateCell(CellSnapshot cell)
    {
        RoutingArguments.EnsureId(cell.CellId, nameof(cell.CellId));
        RoutingArguments.EnsureId(cell.SiteId, nameof(cell.SiteId));
        if (cell.Capabilities is null || cell.Capabilities.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Cell '{cell.CellId}': Capabilities must be a list of non-empty names.", nameof(cell));
        }

        if (cell.InstalledDesigns is null)
        {
            throw new ArgumentException($"Cell '{cell.CellId}': InstalledDesigns is required (it may be empty).", nameof(cell));
        }

        foreach (var design in cell.InstalledDesigns)
        {
            DesignVersionFormat.EnsureWellFormed(design, nameof(cell.InstalledDesigns));
        }

        RoutingArguments.EnsureHours(cell.BacklogHours, nameof(cell.BacklogHours), allowZero: true);
        RoutingArguments.EnsureHours(cell.BacklogLimitHours, nameof(cell.BacklogLimitHours), allowZero: true);
        if (!Enum.IsDefined(cell.State))
        {
            throw new ArgumentException($"Cell '{cell.CellId}': state {(int)cell.State} is not a known CellState.", nameof(cell));
        }
    }

    /// <summary>Call under the write lock. Swap-remove: the last cell takes the freed slot.</summary>
    private void RemoveCellAt(int slot)
    {
        var removedId = _cells[slot].CellId;
        var last = _cells.Count - 1;
        if (slot != last)
        {
            var moved = _cells[last];
            _cells[slot] = moved;
            _cellSlots[moved.CellId] = slot;
        }

        _cells.RemoveAt(last);
        _cellSlots.Remove(removedId);
        _cellLayoutVersion++;
    }

    private void Write(Action write) => Write(() =>
    {
        write();
        return true;
    });

    private T Write<T>(Func<T> write)
    {
        _lock.EnterWriteLock();
        try
        {
            return write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
